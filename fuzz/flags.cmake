# ITSM_FUZZ: every target (the library included) gets libFuzzer's coverage instrumentation and
# ASan + UBSan; UB aborts (no recovery) so the fuzzer reports it as a crash. Needs clang
# (the `fuzz` preset uses clang++-14). Included before src/ so the library is instrumented.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ITSM_FUZZ needs clang (libFuzzer); use the 'fuzz' preset")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
