// engine_options.cpp - shared engine options and loading.
#include "harness/cli/engine_options.h"

#include <cstdio>

#include "harness/proc/tmpdir_placeholder.h"

namespace enginesim::cli {

std::vector<OptionSpec> engine_options() {
  return {
      {"engine", "PATH", nullptr, "the engine shared object to load", true},
      {"config", "STR", "", "configuration string passed to initialize"},
      {"abi", "PROFILE", "tutorial-2010",
       "the ABI profile the engine was built for: tutorial-2010, 1.6.0-beta1 or mysql "
       "(docs/getting-started.md)"},
  };
}

bool abi_from_args(const Args& args, abi::Profile* profile, std::string* error) {
  const auto parsed = abi::parse(args.str("abi"));
  if (!parsed) {
    *error = "--abi '" + args.str("abi") + "' names no ABI profile; known: " + abi::known_names();
    return false;
  }
  *profile = *parsed;
  return true;
}

std::vector<OptionSpec> with(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

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

}  // namespace enginesim::cli
