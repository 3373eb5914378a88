// cmd_smoke.cpp - `enginesim smoke`: one connection runs every kind of
// operation once and each result is compared with what memcached answers.
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "enginesim/temp_dir.h"
#include "fakes/engine_client.h"
#include "harness/cli/engine_options.h"
#include "harness/monitor/engine_heap.h"
#include "harness/monitor/rules.h"
#include "harness/proc/isolate.h"

namespace enginesim::cli {
namespace {

struct Step {
  std::string what;
  std::function<bool(EngineClient&, Connection&, std::string* got)> run;
};

std::string show(const OpResult& r) {
  std::string s = status_name(r.status);
  if (r.notify_lost) s += " (notify lost)";
  if (!r.problem.empty()) s += " [" + r.problem + "]";
  if (r.ok() && !r.value.empty()) s += " value=\"" + r.value + "\"";
  return s;
}

// A step expecting `status` (and, for gets, `value`).
Step expect(std::string what, ENGINE_ERROR_CODE status,
            std::function<OpResult(EngineClient&, Connection&)> op, std::string value = "",
            bool check_value = false) {
  return {std::move(what), [=](EngineClient& c, Connection& conn, std::string* got) {
            OpResult r = op(c, conn);
            *got = show(r);
            if (r.status != status || !r.problem.empty()) return false;
            return !check_value || r.value == value;
          }};
}

std::vector<Step> smoke_steps(uint64_t* cas) {
  using C = EngineClient;
  using X = Connection;
  return {
      expect("get smoke (missing)", ENGINE_KEY_ENOENT,
             [](C& c, X& x) { return c.get(x, "smoke"); }),
      expect("set smoke=v1", ENGINE_SUCCESS,
             [](C& c, X& x) { return c.store(x, OPERATION_SET, "smoke", "v1"); }),
      expect(
          "get smoke", ENGINE_SUCCESS, [](C& c, X& x) { return c.get(x, "smoke"); }, "v1", true),
      expect("add smoke (exists)", ENGINE_NOT_STORED,
             [](C& c, X& x) { return c.store(x, OPERATION_ADD, "smoke", "v2"); }),
      expect("add fresh=a", ENGINE_SUCCESS,
             [](C& c, X& x) { return c.store(x, OPERATION_ADD, "fresh", "a"); }),
      expect("replace smoke=v3", ENGINE_SUCCESS,
             [](C& c, X& x) { return c.store(x, OPERATION_REPLACE, "smoke", "v3"); }),
      expect("replace nokey (missing)", ENGINE_NOT_STORED,
             [](C& c, X& x) { return c.store(x, OPERATION_REPLACE, "nokey", "x"); }),
      expect("append smoke +\"-tail\"", ENGINE_SUCCESS,
             [](C& c, X& x) { return c.store(x, OPERATION_APPEND, "smoke", "-tail"); }),
      expect("prepend smoke \"head-\"+", ENGINE_SUCCESS,
             [](C& c, X& x) { return c.store(x, OPERATION_PREPEND, "smoke", "head-"); }),
      expect(
          "get smoke", ENGINE_SUCCESS, [](C& c, X& x) { return c.get(x, "smoke"); }, "head-v3-tail",
          true),
      {"get smoke's cas",
       [cas](C& c, X& x, std::string* got) {
         OpResult r = c.get(x, "smoke");
         *cas = r.cas;
         *got = show(r) + " cas=" + std::to_string(r.cas);
         return r.ok();
       }},
      expect("cas smoke with a stale cas", ENGINE_KEY_EEXISTS,
             [cas](C& c, X& x) {
               return c.store(x, OPERATION_CAS, "smoke", "bad", 0, 0, *cas + 1000);
             }),
      expect(
          "cas smoke with its cas", ENGINE_SUCCESS,
          [cas](C& c, X& x) { return c.store(x, OPERATION_CAS, "smoke", "swapped", 0, 0, *cas); }),
      expect(
          "get smoke", ENGINE_SUCCESS, [](C& c, X& x) { return c.get(x, "smoke"); }, "swapped",
          true),
      expect("set counter=10", ENGINE_SUCCESS,
             [](C& c, X& x) { return c.store(x, OPERATION_SET, "counter", "10"); }),
      {"incr counter 5",
       [](C& c, X& x, std::string* got) {
         OpResult r = c.arithmetic(x, "counter", true, 5);
         *got = show(r) + " result=" + std::to_string(r.number);
         return r.ok() && r.number == 15;
       }},
      {"decr counter 20 (floors at 0)",
       [](C& c, X& x, std::string* got) {
         OpResult r = c.arithmetic(x, "counter", false, 20);
         *got = show(r) + " result=" + std::to_string(r.number);
         return r.ok() && r.number == 0;
       }},
      expect("incr smoke (not a number)", ENGINE_EINVAL,
             [](C& c, X& x) { return c.arithmetic(x, "smoke", true, 1); }),
      expect("remove fresh", ENGINE_SUCCESS, [](C& c, X& x) { return c.remove(x, "fresh"); }),
      expect("remove fresh (missing)", ENGINE_KEY_ENOENT,
             [](C& c, X& x) { return c.remove(x, "fresh"); }),
      expect("flush", ENGINE_SUCCESS, [](C& c, X& x) { return c.flush(x, 0); }),
      expect("get smoke (flushed)", ENGINE_KEY_ENOENT,
             [](C& c, X& x) { return c.get(x, "smoke"); }),
  };
}

int smoke(const Args& args) {
  Level level = Level::required;
  std::string why;
  if (!level_from_args(args, &level, &why)) {
    std::fprintf(stderr, "enginesim smoke: %s\n", why.c_str());
    return kExitUsage;
  }
  // {tmpdir} works here as everywhere; destroyed after the engine.
  TempDir dir("enginesim-smoke");
  Core core;
  auto engine = load_from_args(args, core, dir.path());
  if (!engine) return kExitUsage;
  EngineClient client(core, engine->handle());
  Connection& conn = core.connect();
  uint64_t cas = 0;
  int failures = 0, n = 0;
  for (const Step& step : smoke_steps(&cas)) {
    std::string got;
    const bool ok = step.run(client, conn, &got);
    failures += ok ? 0 : 1;
    std::printf("%-4s %-36s -> %s\n", ok ? "ok" : "FAIL", step.what.c_str(), got.c_str());
    std::fflush(stdout);
    ++n;
  }
  core.disconnect(conn);
  engine->destroy();
  // The one contract-monitor rule smoke checks: it needs no monitor. It is
  // strict (memcached exits right after destroy): a WARN line below it.
  int warnings = 0;
  if (const std::string leak = engine_heap::leak_after_destroy(); !leak.empty()) {
    const bool fails = fails_at(rules::level_of(rules::kMemoryLeak), level);
    std::printf("%-4s %-36s -> lifecycle.memory_leak: %s\n", fails ? "FAIL" : "WARN", "destroy",
                leak.c_str());
    (fails ? failures : warnings) += 1;
    ++n;
  }
  std::printf("smoke: %d passed, %d failed", n - failures - warnings, failures);
  if (warnings > 0) std::printf(", %d strict warning (--level strict fails it)", warnings);
  std::printf("\n");
  return failures == 0 ? kExitOk : kExitFailure;
}

int run_smoke(const Args& args) {
  IsolatedResult r = run_isolated([&](const auto&) { return smoke(args); }, {.limit_ms = 120'000});
  if (r.exited) return r.exit_code;
  std::fprintf(stderr, "enginesim: engine %s %s during the smoke run\n", args.str("engine").c_str(),
               r.describe().c_str());
  return kExitFailure;
}

}  // namespace

Command smoke_command() {
  return {"smoke",
          "One connection runs set/get/add/replace/append/prepend/cas/incr/decr/"
          "remove/flush; prints each call and its result; exits 1 on a wrong result.",
          "",
          with(engine_options(),
               {level_option("required: a memory leak after destroy is a WARN line; strict: it "
                             "fails (memcached exits right after destroy)")}),
          run_smoke};
}

}  // namespace enginesim::cli
