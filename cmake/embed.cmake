# kring_embed_data(TARGET <lib> DIR <dir> NAMESPACE <ns> HEADER <core/domain/data_files.h>)
# compiles every file below DIR into the library, so the binary carries its gazetteers and
# lexicons and never depends on where it is installed. It generates HEADER (in the build tree,
# on the target's public include path) declaring kring::<ns>::DataFile(name), e.g.
# kring::anonymise_data::DataFile("first_names_nl.txt"); see core/base/embedded_data.h.
function(kring_embed_data)
  cmake_parse_arguments(ARG "" "TARGET;DIR;NAMESPACE;HEADER" "" ${ARGN})
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${ARG_DIR} ${ARG_DIR}/*)
  list(SORT files)
  set(root ${CMAKE_CURRENT_BINARY_DIR}/embedded)
  set(out ${root}/${ARG_NAMESPACE}.cc)
  set(header ${root}/include/${ARG_HEADER})
  set(abs_files)
  foreach(f ${files})
    list(APPEND abs_files ${ARG_DIR}/${f})
  endforeach()
  # A CMake list in a command line would be split by the shell; pass it with commas.
  string(REPLACE ";" "," files_arg "${files}")
  add_custom_command(
    OUTPUT ${out} ${header}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DHEADER=${header} -DHEADER_NAME=${ARG_HEADER}
            -DNAMESPACE=${ARG_NAMESPACE} -DDIR=${ARG_DIR} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${abs_files} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding data files from ${ARG_DIR}")
  target_sources(${ARG_TARGET} PRIVATE ${out} ${header})
  target_include_directories(${ARG_TARGET} PUBLIC ${root}/include)
endfunction()
