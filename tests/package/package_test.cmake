# Registers the find_package consumer test (tests/package/run.cmake).
add_test(NAME package.find_package
         COMMAND ${CMAKE_COMMAND} -DITSM_BUILD_DIR=${PROJECT_BINARY_DIR}
                 -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}/package
                 -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/package_work
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/package/run.cmake)
set_tests_properties(package.find_package PROPERTIES TIMEOUT 600)
