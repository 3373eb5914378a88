# enginesimAtomics.cmake - enginesim_add_atomics_engine(): builds an engine
# module instrumented for `enginesim run/explore --atomics --races`
# (docs/atomics.md) with clang's -fsanitize=thread, whatever compiler the
# project uses otherwise. The module calls the __tsan_* entry points that
# the enginesim executable defines; it needs no ThreadSanitizer runtime.
#
#   enginesim_add_atomics_engine(<name>
#     SOURCES <file>...          the engine's C or C++ sources
#     [INCLUDES <dir>...]        include directories (the engine API's is added)
#     [DEFINES <NAME=value>...]  preprocessor definitions
#     [OPTIONS <flag>...]        more compiler flags (e.g. -mcx16, -O2)
#     [OUTPUT_DIRECTORY <dir>])  where <name>.so goes (default: the current
#                                binary directory)
#
# adds the target <name> (built by `all`) and sets <name>_PATH in the caller
# to the module's path. The compiler: ENGINESIM_ATOMICS_CC (default clang-14
# or clang found on PATH). gcc's -fsanitize=thread would link libtsan into
# the module instead, so it is not used.

set(_ENGINESIM_ATOMICS_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(enginesim_add_atomics_engine name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "OUTPUT_DIRECTORY" "SOURCES;INCLUDES;DEFINES;OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "enginesim_add_atomics_engine(${name}): unknown arguments "
      "${ARG_UNPARSED_ARGUMENTS} -- known: SOURCES INCLUDES DEFINES OPTIONS OUTPUT_DIRECTORY")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "enginesim_add_atomics_engine(${name}): SOURCES is required")
  endif()
  if(NOT ENGINESIM_ATOMICS_CC)
    find_program(ENGINESIM_ATOMICS_CC NAMES clang-14 clang
      DOC "clang for engines instrumented for enginesim --atomics (docs/atomics.md)")
  endif()
  if(NOT ENGINESIM_ATOMICS_CC)
    message(FATAL_ERROR "enginesim_add_atomics_engine(${name}): no clang found -- install "
      "clang (14 or later) or set ENGINESIM_ATOMICS_CC to its path")
  endif()
  if(NOT DEFINED ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(out ${ARG_OUTPUT_DIRECTORY}/${name}.so)
  set(flags -fsanitize=thread -fPIC -shared -g -O1 -fvisibility=hidden -pthread)
  foreach(dir ${ARG_INCLUDES} ${ENGINESIM_ATOMICS_INCLUDE_DIRS})
    list(APPEND flags -I${dir})
  endforeach()
  foreach(def ${ARG_DEFINES})
    list(APPEND flags -D${def})
  endforeach()
  list(APPEND flags ${ARG_OPTIONS})
  set(sources "")
  set(headers "")
  foreach(src ${ARG_SOURCES})
    get_filename_component(abs ${src} ABSOLUTE)
    list(APPEND sources ${abs})
    # Rebuilt when a header beside a source changes (one compiler call for
    # all sources: no per-file dependency scan).
    get_filename_component(dir ${abs} DIRECTORY)
    file(GLOB near ${dir}/*.h)
    list(APPEND headers ${near})
  endforeach()
  list(REMOVE_DUPLICATES headers)
  add_custom_command(OUTPUT ${out}
    COMMAND ${ENGINESIM_ATOMICS_CC} ${flags} ${sources} -o ${out}
    DEPENDS ${sources} ${headers}
    COMMENT "Building instrumented engine ${name}.so (clang -fsanitize=thread)"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${out})
  set(${name}_PATH ${out} PARENT_SCOPE)
endfunction()
