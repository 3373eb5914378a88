// engine_options.cpp - loading the engine the shared engine options name.
#include "harness/cli/engine_options.h"

#include <cstdio>

#include "harness/proc/tmpdir_placeholder.h"

namespace enginesim::cli {

std::unique_ptr<LoadedEngine> load_from_args(const Args& args, Core& core,
                                             const std::string& tmpdir, LoadOptions options) {
  options.config = substitute_tmpdir(checked_config(args.str("config"), ""), tmpdir);
  std::string why;
  if (!abi_from_args(args, &options.abi, &why)) {
    std::fprintf(stderr, "enginesim: %s\n", why.c_str());
    return nullptr;
  }
  LoadError error{};
  auto engine = load_engine(args.str("engine"), core, options, &error);
  if (!engine) std::fprintf(stderr, "enginesim: %s\n", error.message.c_str());
  return engine;
}

OptionSpec level_option(const char* help) { return {"level", "LEVEL", "required", help}; }

bool level_from_args(const Args& args, Level* level, std::string* error) {
  const std::optional<Level> parsed = parse_level(args.str("level"));
  if (!parsed) {
    *error = "--level must be required or strict, not '" + args.str("level") + "'";
    return false;
  }
  *level = *parsed;
  return true;
}

}  // namespace enginesim::cli
