// cmd_info.cpp - `enginesim info`: load, initialise, describe, destroy.
#include <cstddef>
#include <cstdio>
#include <cstring>

#include "enginesim/temp_dir.h"
#include "harness/cli/engine_options.h"
#include "harness/monitor/engine_heap.h"
#include "harness/monitor/rules.h"
#include "harness/proc/isolate.h"

namespace enginesim::cli {
namespace {

const char* feature_name(uint32_t feature) {
  switch (feature) {
    case ENGINE_FEATURE_CAS: return "cas";
    case ENGINE_FEATURE_PERSISTENT_STORAGE: return "persistent_storage";
    case ENGINE_FEATURE_SECONDARY_ENGINE: return "secondary_engine";
    case ENGINE_FEATURE_ACCESS_CONTROL: return "access_control";
    case ENGINE_FEATURE_MULTI_TENANCY: return "multi_tenancy";
    case ENGINE_FEATURE_LRU: return "lru";
    case ENGINE_FEATURE_VBUCKET: return "vbucket";
  }
  return "unregistered";
}

struct OptionalSlot {
  const char* name;
  size_t offset;
};
#define ES_SLOT(n) \
  OptionalSlot { #n, offsetof(ENGINE_HANDLE_V1, n) }
const OptionalSlot kOptionalSlots[] = {
    ES_SLOT(get_stats_struct), ES_SLOT(aggregate_stats),  ES_SLOT(unknown_command),
    ES_SLOT(tap_notify),       ES_SLOT(get_tap_iterator), ES_SLOT(errinfo),
};
#undef ES_SLOT

int describe(const Args& args) {
  Level level = Level::required;
  std::string why;
  if (!level_from_args(args, &level, &why)) {
    std::fprintf(stderr, "enginesim info: %s\n", why.c_str());
    return kExitUsage;
  }
  // {tmpdir} works here as everywhere; destroyed after the engine.
  TempDir dir("enginesim-info");
  Core core;
  auto engine = load_from_args(args, core, dir.path());
  if (!engine) return kExitUsage;
  const engine_info* info = engine->info();
  std::printf("engine:      %s\n", engine->path().c_str());
  std::printf("config:      \"%s\"\n", args.str("config").c_str());
  std::printf("abi:         %s\n", args.str("abi").c_str());
  std::printf("description: %s\n", info && info->description ? info->description : "(none)");
  std::printf("features:   ");
  if (info == nullptr || info->num_features == 0) std::printf(" (none)");
  for (uint32_t i = 0; info && i < info->num_features; ++i) {
    const feature_info& f = info->features[i];
    std::printf(" %s", f.description ? f.description : feature_name(f.feature));
  }
  std::printf("\noptional slots:\n");
  for (const OptionalSlot& s : kOptionalSlots) {
    void* fn = nullptr;
    std::memcpy(&fn, reinterpret_cast<char*>(engine->v1()) + s.offset, sizeof fn);
    std::printf("  %-17s %s\n", s.name, fn ? "present" : "absent");
  }
  engine->destroy();
  std::printf("destroyed:   yes\n");
  if (const std::string leak = engine_heap::leak_after_destroy(); !leak.empty()) {
    // Strict (memcached exits right after destroy): a warning below it.
    if (fails_at(rules::level_of(rules::kMemoryLeak), level)) {
      std::printf("lifecycle.memory_leak: %s\n", leak.c_str());
      return kExitFailure;
    }
    std::printf("warning (strict): lifecycle.memory_leak: %s\n", leak.c_str());
  }
  return kExitOk;
}

int run_info(const Args& args) {
  // The engine runs in a child: a crash in it is reported, never inherited.
  IsolatedResult r =
      run_isolated([&](const auto&) { return describe(args); }, {.limit_ms = 60'000});
  // The child's own codes pass through; any other exit (a sanitizer's 66)
  // is the engine failing, reported like a crash.
  if (r.exited &&
      (r.exit_code == kExitOk || r.exit_code == kExitFailure || r.exit_code == kExitUsage)) {
    return r.exit_code;
  }
  std::fprintf(stderr, "enginesim: engine %s %s while being loaded, described or destroyed\n",
               args.str("engine").c_str(), r.describe().c_str());
  return kExitFailure;
}

}  // namespace

Command info_command() {
  return {"info",
          "Load and initialise an engine, print its description, features and "
          "optional slots, then destroy it.",
          "",
          with(engine_options(),
               {level_option("required: a memory leak after destroy is a warning; strict: it "
                             "fails (memcached exits right after destroy)")}),
          run_info};
}

}  // namespace enginesim::cli
