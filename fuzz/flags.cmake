# ITSM_FUZZ: every target (the library, tests and examples included) gets libFuzzer's coverage
# instrumentation and ASan + UBSan; UB aborts (no recovery), so the fuzzer reports it as a crash
# and a test fails on it. Needs clang: the `asan` preset (clang-14) builds the sanitizer tests and
# the fuzz targets in one tree, so CI compiles the library once for both. Included before src/.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ITSM_FUZZ needs clang (libFuzzer); use the 'asan' preset")
endif()
# ITSM_FUZZ_COMPILE_FLAGS / ITSM_FUZZ_LINK_FLAGS: also handed to tests/package's consumer.
set(ITSM_FUZZ_COMPILE_FLAGS -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                            -fno-omit-frame-pointer)
set(ITSM_FUZZ_LINK_FLAGS -fsanitize=address,undefined)
add_compile_options(${ITSM_FUZZ_COMPILE_FLAGS})
add_link_options(${ITSM_FUZZ_LINK_FLAGS})
