// engine_under_fuzz.cpp - finds, loads and keeps the engine under fuzzing.
#include "fuzz/engine_under_fuzz.h"

#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>

#include "harness/sim/sim_env.h"

namespace enginesim::fuzz {
namespace {

bool readable(const std::string& path) { return !path.empty() && access(path.c_str(), R_OK) == 0; }

std::string executable_dir() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  std::string exe(buf, static_cast<size_t>(n));
  return exe.substr(0, exe.rfind('/'));
}

}  // namespace

std::string engine_path_from_environment() {
  std::string path = cli::option_env_text("engine");
  if (!path.empty()) return path;
  path = executable_dir() + "/mem_engine.so";
  if (readable(path)) return path;
#ifdef ENGINESIM_FUZZ_DEFAULT_ENGINE
  return ENGINESIM_FUZZ_DEFAULT_ENGINE;
#else
  return "";
#endif
}

EngineUnderFuzz& engine_under_fuzz() {
  // Never destroyed: engine threads may outlive static destructors, and the
  // objects stay reachable so LeakSanitizer does not count them.
  static EngineUnderFuzz* loaded = [] {
    auto* e = new EngineUnderFuzz;
    e->path = engine_path_from_environment();
    e->config = cli::option_env_text("config");
    if (e->path.empty()) {
      std::fprintf(stderr, "enginesim-fuzz: no engine: set ENGINESIM_ENGINE=path/to/engine.so\n");
      std::exit(2);
    }
    CoreOptions options;
    options.log_level = EXTENSION_LOG_WARNING;
    e->core = std::make_unique<Core>(options);
    LoadOptions load;
    load.config = e->config;
    LoadError error;
    e->engine = load_engine(e->path, *e->core, load, &error);
    if (!e->engine) {
      std::fprintf(stderr, "enginesim-fuzz: %s\n", error.message.c_str());
      std::exit(2);
    }
    e->client = std::make_unique<EngineClient>(*e->core, e->engine->handle());
    e->conn = &e->core->connect();
    std::fprintf(stderr, "enginesim-fuzz: engine %s, config \"%s\"\n", e->path.c_str(),
                 e->config.c_str());
    return e;
  }();
  return *loaded;
}

}  // namespace enginesim::fuzz
