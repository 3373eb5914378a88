// test_mem_engine_scrubber.cpp - the mem engine's scrubber thread under the
// scheduler, where its hour-long waits are virtual: destroy wakes and joins
// it at once, seen as no wait that ran out and no virtual time spent.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"
#include "tests/harness/sched/probe.h"

namespace enginesim {
namespace {

constexpr uint64_t kIntervalSec = 3600;

// Loads mem with an hourly scrubber, stores one item, destroys the engine.
void load_store_destroy() {
  Core core;
  LoadOptions options;
  options.config = "scrub_interval=" + std::to_string(kIntervalSec);
  LoadError error{};
  auto engine = load_engine(MEM_ENGINE_PATH, core, options, &error);
  if (!engine) sched::Scheduler::fail("mem_engine did not load: " + error.message);
  {
    EngineClient client(core, engine->handle());
    Connection& conn = core.connect();
    if (!client.store(conn, OPERATION_SET, "k", "v").ok()) sched::Scheduler::fail("set failed");
    core.disconnect(conn);
  }
  engine->destroy();
}

TEST(MemEngineScrubber, DestroyWakesAndJoinsItWithoutWaitingOutItsInterval) {
  // Several schedules: the scrubber may be waiting already, or not started.
  uint64_t waits = 0;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    const sched::RunResult r = sched::testing::run_spec("random", seed, load_store_destroy);
    ASSERT_EQ(r.verdict, sched::Verdict::ok) << "seed " << seed << ": " << r.report;
    // A stop that did not wake it would let its hour run out (in virtual
    // time) before the join returned.
    EXPECT_EQ(r.waits.timed_out, 0u) << "seed " << seed;
    EXPECT_LT(r.end_time_ns, kIntervalSec * 1'000'000'000ull) << "seed " << seed;
    waits += r.waits.signalled + r.waits.timed_out;
  }
  // The premise: in some schedule the scrubber was already waiting when destroy came.
  EXPECT_GT(waits, 0u) << "the scrubber never waited before destroy: the check saw nothing";
}

}  // namespace
}  // namespace enginesim
