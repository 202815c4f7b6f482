# Shared compile settings for every itsm target.
# Hidden visibility: only what include/itsm/** marks ITSM_API is exported by the shared libraries.
function(itsm_target_settings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  set_target_properties(${target} PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(ITSM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

# itsm_layer(NAME SOURCES... DEPS ...): one static library per layer of docs/architecture.md.
# Dependencies list only lower layers, so an arrow pointing up fails to link.
function(itsm_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT L_SOURCES)  # a layer whose code has not landed yet still links
    set(L_SOURCES ${PROJECT_BINARY_DIR}/itsm_empty_${name}.cpp)
    file(WRITE ${L_SOURCES} "// ${name}: no sources yet\n")
  endif()
  add_library(itsm_${name} STATIC ${L_SOURCES})
  add_library(itsm::${name} ALIAS itsm_${name})
  set_target_properties(itsm_${name} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME itsm_${name})
  target_include_directories(itsm_${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(itsm_${name} PUBLIC ${L_DEPS} PRIVATE ${L_PRIVATE_DEPS})
  # What itsm_shared_library needs to link this layer's objects into a shared library.
  set_target_properties(itsm_${name} PROPERTIES ITSM_DEPS "${L_DEPS}" ITSM_PRIVATE_DEPS "${L_PRIVATE_DEPS}")
  itsm_target_settings(itsm_${name})
  set_property(GLOBAL APPEND PROPERTY ITSM_INSTALL_TARGETS itsm_${name})
endfunction()

# itsm_shared_library(NAME LAYERS layer... [DEPS target...] [HIDDEN_FROM layer_target...]):
# lib<NAME>.so.<version>, linked from
# the layers' objects as compiled for their static libraries (nothing is compiled twice). It
# exports only the itsm namespace's default-visibility symbols (ITSM_API) and the C ABI
# (abi/exports.map), so the third-party code linked privately stays hidden. DEPS: other itsm
# shared libraries it needs (linked PUBLIC in place of the layers they hold). Targets: itsm →
# itsm::shared (libitsm.so), itsm_sqlite → itsm::sqlite_shared (libitsm_sqlite.so), …
function(itsm_shared_library name)
  cmake_parse_arguments(S "" "" "LAYERS;DEPS;HIDDEN_FROM" ${ARGN})
  set(target ${name}_shared)
  string(REGEX REPLACE "^itsm_?" "" export_name ${target})
  add_library(${target} SHARED)
  add_library(itsm::${export_name} ALIAS ${target})
  foreach(layer IN LISTS S_LAYERS)
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:itsm_${layer}>)
    get_target_property(deps itsm_${layer} ITSM_DEPS)
    get_target_property(private_deps itsm_${layer} ITSM_PRIVATE_DEPS)
    list(FILTER deps EXCLUDE REGEX "^itsm::")  # the layers themselves, or what DEPS replaces
    target_link_libraries(${target} PUBLIC ${deps} PRIVATE ${private_deps})
  endforeach()
  target_link_libraries(${target} PUBLIC ${S_DEPS})
  # HIDDEN_FROM: static layers whose internals (not exported by DEPS) the layers use; the members
  # needed are copied in, after DEPS on the link line, and kept local (--exclude-libs).
  foreach(archive IN LISTS S_HIDDEN_FROM)
    add_dependencies(${target} ${archive})
    target_link_libraries(${target} PRIVATE $<TARGET_FILE:${archive}>)
    target_link_options(${target} PRIVATE -Wl,--exclude-libs,$<TARGET_FILE_NAME:${archive}>)
  endforeach()
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set(map ${PROJECT_SOURCE_DIR}/abi/exports.map)
  target_link_options(${target} PRIVATE -Wl,--version-script=${map} -Wl,--no-undefined)
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name} EXPORT_NAME ${export_name} LINK_DEPENDS ${map}
    INSTALL_RPATH "$ORIGIN"  # libitsm_sqlite.so finds libitsm.so beside it
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
  set_property(GLOBAL APPEND PROPERTY ITSM_INSTALL_TARGETS ${target})
endfunction()
