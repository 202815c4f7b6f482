# Shared compile settings for every itsm target.
function(itsm_target_settings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
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
  itsm_target_settings(itsm_${name})
  set_property(GLOBAL APPEND PROPERTY ITSM_INSTALL_TARGETS itsm_${name})
endfunction()
