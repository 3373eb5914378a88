// engine_options.cpp - shared engine options and loading.
#include "harness/cli/engine_options.h"

#include <cstdio>

namespace enginesim::cli {

std::vector<OptionSpec> engine_options() {
  return {
      {"engine", "PATH", nullptr, "the engine shared object to load", true},
      {"config", "STR", "", "configuration string passed to initialize"},
  };
}

std::vector<OptionSpec> with(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::unique_ptr<LoadedEngine> load_from_args(const Args& args, Core& core,
                                             LoadOptions options) {
  options.config = args.str("config");
  LoadError error{};
  auto engine = load_engine(args.str("engine"), core, options, &error);
  if (!engine) std::fprintf(stderr, "enginesim: %s\n", error.message.c_str());
  return engine;
}

}  // namespace enginesim::cli
