// engine_options.h - the options every engine-driving subcommand shares,
// declared once, and loading an engine from them with a clear error.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/cli/command.h"
#include "harness/loader.h"

namespace enginesim::cli {

// --engine PATH (required) and --config STR.
std::vector<OptionSpec> engine_options();
// --abi PROFILE as a profile; false and `error` when it names none.
bool abi_from_args(const Args& args, abi::Profile* profile, std::string* error);
// Concatenates option lists (shared ones first).
std::vector<OptionSpec> with(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b);

// Loads and initialises the engine named by --engine/--config into `core`,
// with {tmpdir} in the config replaced by `tmpdir`. On failure prints the
// loader's message to stderr and returns null; the caller exits with
// kExitUsage.
std::unique_ptr<LoadedEngine> load_from_args(const Args& args, Core& core,
                                             const std::string& tmpdir, LoadOptions options = {});

}  // namespace enginesim::cli
