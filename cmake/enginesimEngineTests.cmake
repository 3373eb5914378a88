# enginesimEngineTests.cmake - enginesim_add_engine_tests(): ctest tests that
# drive an engine target of the including project through the installed
# `enginesim` executable. Loaded by enginesimConfig.cmake; documented in
# docs/getting-started.md.
#
#   enginesim_add_engine_tests(<target>
#     [CONFIG "key=value;..."]   configuration passed to initialize; every
#                                {tmpdir} becomes a fresh empty directory
#     [ABI <profile>]            the ABI the engine was built for (one of
#                                ENGINESIM_ABI_PROFILES; default tutorial-2010)
#     [SEEDS <n>]                exploration seeds 1..n (default 200)
#     [STRATEGY <spec>]          scheduling strategy (default random, as explore's)
#     [JOBS <n>]                 exploration children in parallel (default 2)
#     [NAME <prefix>]            test-name prefix (default <target>)
#     [SUITE <target-or-path>]   an engine_testapp test suite (a MODULE target
#                                of the project or a .so path): adds
#                                <prefix>.testapp, every test of the suite with
#                                free threads, then under SEEDS seeds of STRATEGY
#                                (docs/testapp.md)
#     [ATOMICS]                  also builds <target>_atomics.so, the engine
#                                instrumented by clang -fsanitize=thread, and
#                                adds <prefix>.atomics: SEEDS seeds of STRATEGY
#                                with --atomics --races (docs/atomics.md;
#                                needs clang, and an enginesim not built with
#                                ThreadSanitizer)
#     [NO_SMOKE] [NO_CONFORMANCE] [NO_EXPLORE])
#
# adds the tests <prefix>.smoke, <prefix>.conformance and <prefix>.explore
# (and <prefix>.testapp with SUITE, <prefix>.atomics with ATOMICS).
# The project must call enable_testing() (or include(CTest)) first.

set(_ENGINESIM_PACKAGE_DIR "${CMAKE_CURRENT_LIST_DIR}")
include("${CMAKE_CURRENT_LIST_DIR}/enginesimAtomics.cmake")

function(_enginesim_fail target)
  string(JOIN "" what ${ARGN})
  message(FATAL_ERROR "enginesim_add_engine_tests(${target}): ${what}")
endfunction()

function(_enginesim_check_count target option value)
  if(NOT value MATCHES "^[1-9][0-9]*$")
    _enginesim_fail(${target} "${option} takes a positive whole number, got '${value}'")
  endif()
endfunction()

function(enginesim_add_engine_tests target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_SMOKE;NO_CONFORMANCE;NO_EXPLORE;ATOMICS"
    "CONFIG;ABI;SEEDS;STRATEGY;JOBS;NAME;SUITE" "")
  if(ARG_UNPARSED_ARGUMENTS)
    _enginesim_fail(${target} "unknown arguments ${ARG_UNPARSED_ARGUMENTS} -- "
      "known: CONFIG ABI SEEDS STRATEGY JOBS NAME SUITE ATOMICS NO_SMOKE NO_CONFORMANCE NO_EXPLORE")
  endif()
  if(NOT TARGET ${target})
    _enginesim_fail(${target} "no target ${target} -- declare the engine with "
      "add_library(${target} MODULE ...) before calling this")
  endif()
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "MODULE_LIBRARY" AND NOT type STREQUAL "SHARED_LIBRARY")
    _enginesim_fail(${target} "'${target}' is a ${type} -- an engine is a MODULE (or SHARED) "
      "library that exports create_instance")
  endif()
  if(NOT DEFINED ARG_ABI)
    set(ARG_ABI tutorial-2010)
  endif()
  if(NOT ARG_ABI IN_LIST ENGINESIM_ABI_PROFILES)
    string(REPLACE ";" ", " known "${ENGINESIM_ABI_PROFILES}")
    _enginesim_fail(${target} "ABI profile '${ARG_ABI}' is not supported by enginesim "
      "${ENGINESIM_VERSION} (supported: ${known})")
  endif()
  foreach(option SEEDS JOBS)
    if(DEFINED ARG_${option})
      _enginesim_check_count(${target} ${option} "${ARG_${option}}")
    endif()
  endforeach()
  if(NOT DEFINED ARG_SEEDS)
    set(ARG_SEEDS 200)
  endif()
  if(NOT DEFINED ARG_STRATEGY)
    set(ARG_STRATEGY random)
  endif()
  if(NOT DEFINED ARG_JOBS)
    set(ARG_JOBS 2)
  endif()
  if(NOT DEFINED ARG_NAME)
    set(ARG_NAME ${target})
  endif()

  if(DEFINED ARG_SUITE)
    if(TARGET ${ARG_SUITE})
      set(suite $<TARGET_FILE:${ARG_SUITE}>)
    elseif(IS_ABSOLUTE "${ARG_SUITE}")
      set(suite "${ARG_SUITE}")
    else()
      _enginesim_fail(${target} "SUITE '${ARG_SUITE}' is neither a target nor an absolute path "
        "-- declare the suite with add_library(<suite> MODULE ...) first, or give its .so path")
    endif()
  endif()

  set(exe $<TARGET_FILE:enginesim::enginesim>)
  set(engine $<TARGET_FILE:${target}>)
  set(work "${CMAKE_CURRENT_BINARY_DIR}/enginesim/${ARG_NAME}")
  file(MAKE_DIRECTORY "${work}")  # conformance writes its JUnit report here
  # add_test splits on ';': the config string must stay one argument.
  string(REPLACE ";" "$<SEMICOLON>" config "${ARG_CONFIG}")

  if(NOT ARG_NO_SMOKE)
    # smoke, like conformance and explore, makes {tmpdir} a fresh directory.
    add_test(NAME ${ARG_NAME}.smoke
      COMMAND ${exe} smoke --engine ${engine} --abi ${ARG_ABI} --config "${config}")
  endif()

  if(NOT ARG_NO_CONFORMANCE)
    # {tmpdir} is a fresh directory per clause here, as per run in explore.
    add_test(NAME ${ARG_NAME}.conformance
      COMMAND ${exe} conformance --engine ${engine} --abi ${ARG_ABI} --config "${config}"
              --junit ${work}/conformance.xml)
  endif()

  if(NOT ARG_NO_EXPLORE)
    add_test(NAME ${ARG_NAME}.explore
      COMMAND ${exe} explore --engine ${engine} --abi ${ARG_ABI} --config "${config}"
              --seeds 1..${ARG_SEEDS} --strategy ${ARG_STRATEGY} --jobs ${ARG_JOBS}
              --out ${work}/explore-failures)
  endif()

  if(ARG_ATOMICS)
    _enginesim_add_atomics_test(${target} ${ARG_NAME} ${ARG_ABI} "${config}" ${ARG_SEEDS}
      ${ARG_STRATEGY} ${ARG_JOBS} ${work})
  endif()

  if(DEFINED ARG_SUITE)
    add_test(NAME ${ARG_NAME}.testapp
      COMMAND ${exe} testapp --engine ${engine} --suite ${suite} --abi ${ARG_ABI}
              --config "${config}" --seeds 1..${ARG_SEEDS} --strategy ${ARG_STRATEGY}
              --jobs ${ARG_JOBS} --out ${work}/testapp-failures --junit ${work}/testapp.xml)
  endif()
endfunction()

# <name>.atomics (ATOMICS above): the engine rebuilt instrumented, explored
# with --atomics --races.
function(_enginesim_add_atomics_test target name abi config seeds strategy jobs work)
  if(TARGET enginesim::headers)
    get_target_property(ENGINESIM_ATOMICS_INCLUDE_DIRS enginesim::headers
      INTERFACE_INCLUDE_DIRECTORIES)
  endif()
  enginesim_add_atomics_variant(${target} ${target}_atomics)
  add_test(NAME ${name}.atomics
    COMMAND $<TARGET_FILE:enginesim::enginesim> explore --engine ${${target}_atomics_PATH}
            --abi ${abi} --config "${config}" --seeds 1..${seeds} --strategy ${strategy}
            --jobs ${jobs} --atomics --races --out ${work}/atomics-failures)
endfunction()
