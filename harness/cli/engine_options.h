// engine_options.h - loading an engine from the options every engine-driving
// subcommand shares (engine_options(), declared in harness/sim/sim_options.def)
// with a clear error.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/cli/command.h"
#include "harness/level.h"
#include "harness/loader.h"
#include "harness/options/option_spec.h"
#include "harness/sim/sim_options.h"

namespace enginesim::cli {

// Loads and initialises the engine named by --engine/--config into `core`,
// with {tmpdir} in the config replaced by `tmpdir`. On failure prints the
// loader's message to stderr and returns null; the caller exits with
// kExitUsage.
std::unique_ptr<LoadedEngine> load_from_args(const Args& args, Core& core,
                                             const std::string& tmpdir, LoadOptions options = {});

// --level, for the subcommands that run an engine without the simulation
// (conformance, testapp, smoke, info; run and explore declare it in
// sim_options.def, whose help names the model's allowances too). `help`
// says what fails at each level.
OptionSpec level_option(const char* help);
// The --level given; false with `error` set when it is neither level.
bool level_from_args(const Args& args, Level* level, std::string* error);

}  // namespace enginesim::cli
