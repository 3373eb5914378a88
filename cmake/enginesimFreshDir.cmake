# enginesimFreshDir.cmake - `cmake -DDIR=... -P enginesimFreshDir.cmake`:
# empties DIR (a test fixture of enginesim_add_engine_tests).
if(NOT DIR)
  message(FATAL_ERROR "enginesimFreshDir.cmake: pass -DDIR=<directory>")
endif()
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
