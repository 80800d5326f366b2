# kring_embed_data(TARGET <lib> DIR <dir>) compiles every file below DIR into the library, so the
# binary carries its gazetteers and lexicons and never depends on where it is installed.
# Lookup: kring::EmbeddedFile("anonymiser/first_names_nl.txt") (core/embedded_data.h).
function(kring_embed_data)
  cmake_parse_arguments(ARG "" "TARGET;DIR" "" ${ARGN})
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${ARG_DIR} ${ARG_DIR}/*)
  list(SORT files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_data.cc)
  set(abs_files)
  foreach(f ${files})
    list(APPEND abs_files ${ARG_DIR}/${f})
  endforeach()
  # A CMake list would be split into separate arguments: pass it comma-separated instead.
  string(REPLACE ";" "," files_arg "${files}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DDIR=${ARG_DIR} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${abs_files} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding data files from ${ARG_DIR}")
  target_sources(${ARG_TARGET} PRIVATE ${out})
endfunction()
