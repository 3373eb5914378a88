// check_request.h - what `enginesim check` asks of the properties, and the
// function that runs them. Declared here, below the properties, so that the
// subcommand includes nothing above harness/: properties/check_engine.cpp
// defines run_engine_check, linked in only when rapidcheck was found
// (ENGINESIM_HAVE_RAPIDCHECK, properties/CMakeLists.txt).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "harness/abi/profile.h"
#include "harness/model/operation.h"

namespace enginesim::cli {

struct CheckRequest {
  std::string engine_path;
  std::string config;  // "{tmpdir}": a fresh directory per case
  abi::Profile abi = abi::Profile::tutorial_2010;
  uint64_t seed = 1;
  int cases = 100;         // per property
  int timeout_sec = 30;    // per case's child (check's --timeout default)
  bool sequential = true;  // which properties run
  bool concurrent = true;
  std::string reproduce;  // a token a failing check printed: replay only its cases
  // The concurrent property's connections draw these kinds (item kinds
  // only), its prefix sets; empty: every item kind, everywhere.
  std::vector<model::OpKind> mix;
  std::string mix_text;  // as given, for the printed command
  // The engine may evict (--may-evict, as run's): any item may vanish, and
  // a store refused for memory is allowed at every level.
  bool may_evict = false;
  std::string enginesim;  // this binary, for the printed commands
};

// Runs the properties `request` selects and prints their verdicts to `out`.
// Returns 0 when every one passed, 1 on a counterexample, 2 when
// `request.reproduce` does not parse or names neither property (with the
// reason on stderr).
int run_engine_check(const CheckRequest& request, FILE* out);

}  // namespace enginesim::cli
