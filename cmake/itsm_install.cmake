include(CMakePackageConfigHelpers)
get_property(itsm_targets GLOBAL PROPERTY ITSM_INSTALL_TARGETS)
install(TARGETS ${itsm_targets} EXPORT itsmTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/itsm DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT itsmTargets NAMESPACE itsm:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/itsm)
configure_package_config_file(cmake/itsmConfig.cmake.in
  ${PROJECT_BINARY_DIR}/itsmConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/itsm)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/itsmConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/itsmConfig.cmake ${PROJECT_BINARY_DIR}/itsmConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/itsm)
