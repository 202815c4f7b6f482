# Registers the find_package consumer test (tests/package/run.cmake).
# The consumer builds with the same compiler and flags: those of the tsan preset (CMAKE_*_FLAGS)
# and, in the asan preset, fuzz/flags.cmake's.
set(consumer_cxx_flags "${CMAKE_CXX_FLAGS}")
set(consumer_link_flags "${CMAKE_EXE_LINKER_FLAGS}")
if(ITSM_FUZZ)
  list(JOIN ITSM_FUZZ_COMPILE_FLAGS " " fuzz_compile)
  list(JOIN ITSM_FUZZ_LINK_FLAGS " " fuzz_link)
  string(APPEND consumer_cxx_flags " ${fuzz_compile}")
  string(APPEND consumer_link_flags " ${fuzz_link}")
endif()
add_test(NAME package.find_package
         COMMAND ${CMAKE_COMMAND} -DITSM_BUILD_DIR=${PROJECT_BINARY_DIR}
                 -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}/package
                 -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/package_work
                 "-DCONSUMER_CXX_COMPILER=${CMAKE_CXX_COMPILER}"
                 "-DCONSUMER_CXX_FLAGS=${consumer_cxx_flags}" "-DCONSUMER_LINKER_FLAGS=${consumer_link_flags}"
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/package/run.cmake)
set_tests_properties(package.find_package PROPERTIES TIMEOUT 600)
