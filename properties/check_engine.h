// check_engine.h - `enginesim check`'s work: both properties (sequential,
// then concurrent linearizability) on any engine module, every case in a
// forked child; prints the shrunk counterexamples and the one command that
// replays them.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "harness/abi/profile.h"
#include "harness/model/operation.h"

namespace enginesim::properties {

struct CheckRequest {
  std::string engine_path;
  std::string config;  // "{tmpdir}": a fresh directory per case
  abi::Profile abi = abi::Profile::tutorial_2010;
  uint64_t seed = 1;
  int cases = 100;            // per property
  int timeout_sec = 30;       // per case's child
  bool sequential = true;     // which properties run
  bool concurrent = true;
  std::string reproduce;      // a token a failing check printed: replay only its cases
  // The concurrent property's connections draw these kinds (item kinds
  // only), its prefix sets; empty: every item kind, everywhere.
  std::vector<model::OpKind> mix;
  std::string mix_text;       // as given, for the printed command
  std::string enginesim;      // this binary, for the printed commands
};

// The properties' ids (rapidcheck's, keys of a reproduce token):
// "sequential/<engine file stem>" and "concurrent/<engine file stem>".
std::string check_property_id(const char* property, const std::string& engine_path);

// Runs the properties `request` selects and prints their verdicts to `out`.
// Returns 0 when every one passed, 1 on a counterexample, 2 when
// `request.reproduce` does not parse or names neither property (with the
// reason on stderr).
int check_engine(const CheckRequest& request, FILE* out);

// The command that runs `request` again (shell-quoted), with `token` as
// its --reproduce when not empty.
std::string check_command(const CheckRequest& request, const std::string& token);

}  // namespace enginesim::properties
