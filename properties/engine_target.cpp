// engine_target.cpp - the reference engines the sequential properties cover.
#include "properties/engine_target.h"

namespace enginesim::properties {

std::string config_in(const std::string& config, const std::string& dir) {
  std::string out = config;
  const std::string placeholder = kTmpdirPlaceholder;
  for (size_t at = out.find(placeholder); at != std::string::npos;
       at = out.find(placeholder, at + dir.size())) {
    out.replace(at, placeholder.size(), dir);
  }
  return out;
}

std::vector<EngineTarget> reference_targets(const std::string& engine_dir) {
  const std::string fs = engine_dir + "/fs_engine.so";
  return {
      {"fs_sync", fs, "dir={tmpdir};mode=sync", {}},
      {"fs_async", fs, "dir={tmpdir};mode=async", {}},
      {"fs_pool", fs, "dir={tmpdir};mode=pool;threads=2", {}},
      {"mem", engine_dir + "/mem_engine.so", "", {}},
      {"ep", engine_dir + "/ep_engine.so", "dbdir={tmpdir}", {}},
  };
}

EngineTarget fs_mutant_target(const std::string& engine_dir, const std::string& name) {
  return {"mutant_" + name, engine_dir + "/mutant_" + name + ".so", "dir={tmpdir};mode=sync", {}};
}

}  // namespace enginesim::properties
