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
#     [LINK_OPTIONS <flag>...]   more linker flags (e.g. a version script)
#     [OUTPUT_DIRECTORY <dir>])  where <name>.so goes (default: the current
#                                binary directory)
#
# adds the target <name> (built by `all`) and sets <name>_PATH in the caller
# to the module's path. The compilers: ENGINESIM_ATOMICS_CC and
# ENGINESIM_ATOMICS_CXX (default clang-14/clang++-14, or clang/clang++, found
# on PATH); C++ sources are compiled as C++20. gcc's -fsanitize=thread would link libtsan into
# the module instead, so it is not used.

set(_ENGINESIM_ATOMICS_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(enginesim_add_atomics_engine name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "OUTPUT_DIRECTORY" "SOURCES;INCLUDES;DEFINES;OPTIONS;LINK_OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "enginesim_add_atomics_engine(${name}): unknown arguments "
      "${ARG_UNPARSED_ARGUMENTS} -- known: SOURCES INCLUDES DEFINES OPTIONS LINK_OPTIONS OUTPUT_DIRECTORY")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "enginesim_add_atomics_engine(${name}): SOURCES is required")
  endif()
  if(NOT ENGINESIM_ATOMICS_CC)
    find_program(ENGINESIM_ATOMICS_CC NAMES clang-14 clang
      DOC "clang for engines instrumented for enginesim --atomics (docs/atomics.md)")
  endif()
  if(NOT ENGINESIM_ATOMICS_CXX)
    find_program(ENGINESIM_ATOMICS_CXX NAMES clang++-14 clang++
      DOC "clang++ for engines instrumented for enginesim --atomics (docs/atomics.md)")
  endif()
  if(NOT ENGINESIM_ATOMICS_CC OR NOT ENGINESIM_ATOMICS_CXX)
    message(FATAL_ERROR "enginesim_add_atomics_engine(${name}): no clang/clang++ found -- "
      "install clang (14 or later) or set ENGINESIM_ATOMICS_CC and ENGINESIM_ATOMICS_CXX")
  endif()
  if(NOT DEFINED ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(out ${ARG_OUTPUT_DIRECTORY}/${name}.so)
  set(objdir ${CMAKE_CURRENT_BINARY_DIR}/${name}.objs)
  set(flags -fsanitize=thread -fPIC -g -O1 -fvisibility=hidden -pthread)
  foreach(dir ${ARG_INCLUDES} ${ENGINESIM_ATOMICS_INCLUDE_DIRS})
    list(APPEND flags -I${dir})
  endforeach()
  foreach(def ${ARG_DEFINES})
    list(APPEND flags -D${def})
  endforeach()
  list(APPEND flags ${ARG_OPTIONS})
  # One compiler call per source (C with clang, C++ with clang++ -std=c++20),
  # each rebuilt when a header beside a source changes (no dependency scan).
  set(headers "")
  foreach(src ${ARG_SOURCES})
    get_filename_component(abs ${src} ABSOLUTE)
    get_filename_component(dir ${abs} DIRECTORY)
    file(GLOB near ${dir}/*.h ${dir}/*.hpp)
    list(APPEND headers ${near})
  endforeach()
  list(REMOVE_DUPLICATES headers)
  set(objects "")
  set(linker ${ENGINESIM_ATOMICS_CC})
  foreach(src ${ARG_SOURCES})
    get_filename_component(abs ${src} ABSOLUTE)
    get_filename_component(base ${abs} NAME)
    set(obj ${objdir}/${base}.o)
    if(abs MATCHES "\\.(cpp|cc|cxx)$")
      set(compiler ${ENGINESIM_ATOMICS_CXX} -std=c++20)
      set(linker ${ENGINESIM_ATOMICS_CXX})
    else()
      set(compiler ${ENGINESIM_ATOMICS_CC})
    endif()
    add_custom_command(OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${objdir}
      COMMAND ${compiler} ${flags} -c ${abs} -o ${obj}
      DEPENDS ${abs} ${headers}
      COMMENT "Instrumenting ${base} for ${name}.so (clang -fsanitize=thread)"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()
  add_custom_command(OUTPUT ${out}
    COMMAND ${linker} -fsanitize=thread -shared -pthread ${ARG_LINK_OPTIONS} ${objects} -o ${out}
    DEPENDS ${objects}
    COMMENT "Linking instrumented engine ${name}.so"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${out})
  set(${name}_PATH ${out} PARENT_SCOPE)
endfunction()

# enginesim_add_atomics_variant(<target> <name> [OUTPUT_DIRECTORY <dir>])
# builds <name>.so, an instrumented twin of the engine MODULE <target>: its
# sources, include directories, compile definitions, link options and
# libraries, and the include directories and definitions of the targets it
# links (those given directly, not through generator expressions), with
# clang, as above.
# ${out}: the entries of the target's list property without generator
# expressions (an unset property: none).
function(_enginesim_plain_property out target property)
  set(plain "")
  get_target_property(values ${target} ${property})
  foreach(value ${values})
    if(value AND NOT value MATCHES "\\$<")
      list(APPEND plain ${value})
    endif()
  endforeach()
  set(${out} ${plain} PARENT_SCOPE)
endfunction()

function(enginesim_add_atomics_variant target name)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "OUTPUT_DIRECTORY" "")
  if(NOT TARGET ${target})
    message(FATAL_ERROR "enginesim_add_atomics_variant(${target}): no target ${target}")
  endif()
  get_target_property(dir ${target} SOURCE_DIR)
  set(sources "")
  get_target_property(srcs ${target} SOURCES)
  foreach(src ${srcs})
    if(src MATCHES "\\$<")
      continue()
    endif()
    if(NOT IS_ABSOLUTE ${src})
      set(src ${dir}/${src})
    endif()
    if(src MATCHES "\\.(c|cpp|cc|cxx)$")
      list(APPEND sources ${src})
    endif()
  endforeach()
  _enginesim_plain_property(includes ${target} INCLUDE_DIRECTORIES)
  _enginesim_plain_property(defines ${target} COMPILE_DEFINITIONS)
  _enginesim_plain_property(links ${target} LINK_OPTIONS)
  # What the target links: the usage requirements of targets (an engine's
  # enginesim::headers), static libraries by file; threads come with -pthread.
  get_target_property(libs ${target} LINK_LIBRARIES)
  foreach(lib ${libs})
    if(NOT lib OR lib MATCHES "\\$<" OR lib STREQUAL "Threads::Threads")
      continue()
    endif()
    if(TARGET ${lib})
      get_target_property(lib_incs ${lib} INTERFACE_INCLUDE_DIRECTORIES)
      foreach(inc ${lib_incs})
        if(inc AND NOT inc MATCHES "\\$<")
          list(APPEND includes ${inc})
        endif()
      endforeach()
      get_target_property(lib_defs ${lib} INTERFACE_COMPILE_DEFINITIONS)
      foreach(def ${lib_defs})
        if(def AND NOT def MATCHES "\\$<")
          list(APPEND defines ${def})
        endif()
      endforeach()
      get_target_property(lib_type ${lib} TYPE)
      if(lib_type STREQUAL "STATIC_LIBRARY")
        list(APPEND links $<TARGET_FILE:${lib}>)
      endif()
    elseif(IS_ABSOLUTE ${lib})
      list(APPEND links ${lib})
    else()
      list(APPEND links -l${lib})
    endif()
  endforeach()
  if(NOT DEFINED ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  enginesim_add_atomics_engine(${name} SOURCES ${sources} INCLUDES ${includes}
    DEFINES ${defines} LINK_OPTIONS ${links} OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  set(${name}_PATH ${${name}_PATH} PARENT_SCOPE)
endfunction()
