# The shared libraries (docs/architecture.md, "Shared libraries and the ABI"): each one exports
# exactly what its allow-list abi/<library>.symbols says, and a program linked against them alone
# (tests/shared/consumer.cpp) works.
foreach(lib itsm itsm_sqlite itsm_postgres itsm_c)
  if(TARGET ${lib}_shared)
    add_test(NAME abi.lib${lib}
             COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/abi-update.sh --check $<TARGET_FILE:${lib}_shared>)
  endif()
endforeach()

if(TARGET itsm_sqlite_shared)
  add_executable(itsm_shared_consumer ${CMAKE_CURRENT_LIST_DIR}/consumer.cpp)
  target_link_libraries(itsm_shared_consumer PRIVATE itsm::shared itsm::sqlite_shared ${CMAKE_DL_LIBS})
  itsm_target_settings(itsm_shared_consumer)
  add_test(NAME shared.consumer
           COMMAND itsm_shared_consumer ${CMAKE_CURRENT_BINARY_DIR}/tmp/shared_consumer.db)
endif()
