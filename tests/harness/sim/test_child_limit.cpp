// test_child_limit.cpp - a forked run's wall-clock limit tells a child that is
// still moving (incomplete) from a stuck one (died), and what a child writes
// to stderr comes back with its result, bounded.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "harness/proc/child_progress.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sched/run_result.h"
#include "harness/sim/isolated_run.h"

namespace enginesim::sched {
namespace {

TEST(ChildLimit, AChildStillMakingProgressAtTheLimitIsIncomplete) {
  const RunResult r = run_in_child(
      [] {
        for (;;) {  // a search that never ends but always moves
          child_progress_bump();
          ::usleep(1000);
        }
        return RunResult{};
      },
      400);
  EXPECT_EQ(r.verdict, Verdict::incomplete) << r.report;
  EXPECT_GT(r.steps, 10u);
  EXPECT_NE(r.report.find("still making progress"), std::string::npos) << r.report;
}

TEST(ChildLimit, AStuckChildAtTheLimitDied) {
  const RunResult r = run_in_child(
      [] {
        ::pause();  // no step ever: a hang
        return RunResult{};
      },
      300);
  EXPECT_EQ(r.verdict, Verdict::died);
  EXPECT_NE(r.report.find("was stuck: 0 steps done"), std::string::npos) << r.report;
}

TEST(ChildLimit, ProgressWatchNeedsAChangeWithinTheStallWindow) {
  ProgressWatch w(5000);
  w.observe(0, 100);
  EXPECT_FALSE(w.moving(100));  // never moved
  w.observe(3, 200);
  EXPECT_TRUE(w.moving(5200));
  EXPECT_FALSE(w.moving(5201));
  EXPECT_EQ(stall_ms_for(60'000), 10'000u);
  EXPECT_EQ(stall_ms_for(2'000), 5'000u);
}

TEST(ChildStderr, WhatTheChildWritesComesBackWithItsResult) {
  const RunResult r = run_in_child([] {
    std::fprintf(stderr, "engine: cannot parse 'x'\n");
    std::fflush(stderr);
    return RunResult{};
  });
  EXPECT_EQ(r.verdict, Verdict::ok);
  EXPECT_EQ(r.engine_stderr, "engine: cannot parse 'x'");
}

TEST(ChildStderr, AFloodIsCutToTheLastLines) {
  const RunResult r = run_in_child([] {
    for (int i = 0; i < 20000; ++i) std::fprintf(stderr, "line %d of a flood\n", i);
    std::fflush(stderr);
    return RunResult{};
  });
  EXPECT_EQ(r.verdict, Verdict::ok);
  EXPECT_LE(r.engine_stderr.size(), StderrCapture::kBytesMax);
  EXPECT_EQ(static_cast<size_t>(std::count(r.engine_stderr.begin(), r.engine_stderr.end(), '\n')),
            StderrCapture::kLinesMax);  // a "cut" line, then the last 40
  EXPECT_EQ(r.engine_stderr.rfind("bytes and"), r.engine_stderr.find("bytes and"));
  EXPECT_NE(r.engine_stderr.find("line 19999 of a flood"), std::string::npos);
  EXPECT_EQ(r.engine_stderr.find("line 19959 of a flood"), std::string::npos);
}

TEST(ChildStderr, TheTextAndTheIncompleteVerdictCrossThePipe) {
  RunResult r;
  r.verdict = Verdict::incomplete;
  r.engine_stderr = "two\nlines";
  RunResult back;
  std::string error;
  ASSERT_TRUE(deserialize(serialize(r), &back, &error)) << error;
  EXPECT_EQ(back.verdict, Verdict::incomplete);
  EXPECT_EQ(back.engine_stderr, "two\nlines");
}

}  // namespace
}  // namespace enginesim::sched
