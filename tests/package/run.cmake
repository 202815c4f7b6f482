# ctest driver: install the built itsm into a scratch prefix, build the consumer against it, run it.
# Inputs: -DITSM_BUILD_DIR=… -DSOURCE_DIR=… -DWORK_DIR=…
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${ITSM_BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build
                        -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Debug
                        "-DCMAKE_CXX_COMPILER=${CONSUMER_CXX_COMPILER}" "-DCMAKE_CXX_FLAGS=${CONSUMER_CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_LINKER_FLAGS}"
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${WORK_DIR}/build/consumer RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "the consumer failed: ${rc}")
endif()
if(EXISTS ${WORK_DIR}/build/consumer_shared)
  execute_process(COMMAND ${WORK_DIR}/build/consumer_shared ${WORK_DIR}/shared.db RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "the shared-library consumer failed: ${rc}")
  endif()
endif()
