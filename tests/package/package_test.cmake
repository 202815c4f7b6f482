# Registers the find_package consumer test (tests/package/run.cmake).
add_test(NAME package.find_package
         COMMAND ${CMAKE_COMMAND} -DITSM_BUILD_DIR=${PROJECT_BINARY_DIR}
                 -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}/package
                 -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/package_work
                 # the consumer builds with the same flags (the tsan preset sets them here)
                 "-DCONSUMER_CXX_FLAGS=${CMAKE_CXX_FLAGS}" "-DCONSUMER_LINKER_FLAGS=${CMAKE_EXE_LINKER_FLAGS}"
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/package/run.cmake)
set_tests_properties(package.find_package PROPERTIES TIMEOUT 600)
