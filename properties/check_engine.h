// check_engine.h - `enginesim check`'s work (cli::run_engine_check,
// harness/cli/check_request.h): both properties (sequential, then concurrent
// linearizability) on any engine module, every case in a forked child;
// prints the shrunk counterexamples and the one command that replays them.
#pragma once

#include <string>

#include "harness/cli/check_request.h"  // CheckRequest, run_engine_check (defined here)

namespace enginesim::properties {

using cli::CheckRequest;

// The properties' ids (rapidcheck's, keys of a reproduce token):
// "sequential/<engine file stem>" and "concurrent/<engine file stem>".
std::string check_property_id(const char* property, const std::string& engine_path);

// The command that runs `request` again (shell-quoted), with `token` as
// its --reproduce when not empty.
std::string check_command(const CheckRequest& request, const std::string& token);

}  // namespace enginesim::properties
