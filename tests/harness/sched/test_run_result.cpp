// test_run_result.cpp - a RunResult crosses the pipe from a forked child
// intact (every field, multi-line reports, empty notes); a truncated or
// damaged text is rejected naming the field; a child that ends without a
// result becomes Verdict::died with the reason.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include "harness/sched/run_result.h"
#include "harness/sim/isolated_run.h"

namespace enginesim::sched {
namespace {

RunResult sample_result() {
  RunResult r;
  r.verdict = Verdict::failed;
  r.report = "conn 1 op 3 (get k0): wrong value\n  expected \"1\"\n";
  r.steps = 412;
  r.trace_hash = 0xfeedfacecafebeefull;
  r.end_time_ns = 62'000'000'123ull;
  r.handoffs = 4321;
  r.waits = {3, 1, 2, 4};
  r.choices = {{ChoiceKind::thread, true, 3, 1},
               {ChoiceKind::wake, false, 2, 0},
               {ChoiceKind::outcome, false, 2, 1},
               {ChoiceKind::core, false, 4, 3}};
  r.thread_names = {"main", "conn 1 worker", "engine\nthread"};
  r.events = {{1, 1, Op::lock, 3, 1000, ""},
              {2, 2, Op::note, 0, 2000, "conn 1: get k0 -> ENGINE_SUCCESS"},
              {3, 0, Op::time_jump, 0, 60'000'000'000ull, ""}};
  // Texts with newlines, spaces and bytes a line format would break on.
  r.witness = {{2, 3, "append \"k0\" \"x\"", "ENGINE_SUCCESS cas=5",
                "memcached allows ENGINE_SUCCESS\nwith value \"a\\x00\" "},
               {0, 1, "advance_time to=62", "ENGINE_SUCCESS", ""},
               {1, 7, std::string("get \"\x00\xff\n\"", 9), "pending", "x"}};
  r.engine_stderr = "engine: bad key\nsecond line";
  return r;
}

TEST(RunResult, EveryVerdictHasAName) {
  for (Verdict v : {Verdict::ok, Verdict::failed, Verdict::deadlock, Verdict::step_limit,
                    Verdict::uncontrolled, Verdict::thread_leak, Verdict::diverged, Verdict::died,
                    Verdict::incomplete, Verdict::lock_order}) {
    Verdict back = Verdict::ok;
    ASSERT_TRUE(verdict_from_string(to_string(v), &back)) << to_string(v);
    EXPECT_EQ(back, v);
  }
  Verdict untouched = Verdict::died;
  EXPECT_FALSE(verdict_from_string("crashed", &untouched));
  EXPECT_EQ(untouched, Verdict::died);
}

TEST(RunResult, SerializeRoundTripsEveryField) {
  const RunResult r = sample_result();
  RunResult back;
  std::string error;
  ASSERT_TRUE(deserialize(serialize(r), &back, &error)) << error;
  EXPECT_EQ(back.verdict, r.verdict);
  EXPECT_EQ(back.report, r.report);
  EXPECT_EQ(back.steps, r.steps);
  EXPECT_EQ(back.trace_hash, r.trace_hash);
  EXPECT_EQ(back.end_time_ns, r.end_time_ns);
  EXPECT_EQ(back.handoffs, r.handoffs);
  EXPECT_EQ(back.waits, r.waits);
  EXPECT_EQ(back.choices, r.choices);
  // A newline inside a thread name would break the line format: it becomes a space.
  EXPECT_EQ(back.thread_names,
            (std::vector<std::string>{"main", "conn 1 worker", "engine thread"}));
  ASSERT_EQ(back.events.size(), r.events.size());
  for (size_t i = 0; i < r.events.size(); ++i) {
    EXPECT_EQ(back.events[i].step, r.events[i].step) << i;
    EXPECT_EQ(back.events[i].thread, r.events[i].thread) << i;
    EXPECT_EQ(back.events[i].op, r.events[i].op) << i;
    EXPECT_EQ(back.events[i].object, r.events[i].object) << i;
    EXPECT_EQ(back.events[i].time_ns, r.events[i].time_ns) << i;
    EXPECT_EQ(back.events[i].text, r.events[i].text) << i;
  }
  EXPECT_EQ(back.witness, r.witness);
  EXPECT_EQ(back.engine_stderr, r.engine_stderr);
}

TEST(RunResult, AnOkResultWithNothingInItRoundTrips) {
  RunResult back;
  back.verdict = Verdict::died;
  std::string error;
  ASSERT_TRUE(deserialize(serialize(RunResult{}), &back, &error)) << error;
  EXPECT_TRUE(back.ok());
  EXPECT_TRUE(back.report.empty());
  EXPECT_TRUE(back.choices.empty());
  EXPECT_TRUE(back.witness.empty());
}

// Cut before each field's line: the prefix is rejected naming that field.
TEST(RunResult, TruncatedTextNamesTheMissingField) {
  const std::string text = serialize(sample_result());
  auto rejects = [](const std::string& prefix) {
    RunResult r;
    std::string error;
    EXPECT_FALSE(deserialize(prefix, &r, &error)) << prefix;
    return error;
  };
  EXPECT_EQ(rejects(""), "malformed run result: verdict");
  for (const char* field : {"steps", "hash", "end_ns", "waits", "threads", "choices", "events",
                            "report", "witness", "warnings", "stderr"}) {
    const size_t line = text.find(std::string("\n") + field + " ");
    ASSERT_NE(line, std::string::npos) << field;
    EXPECT_EQ(rejects(text.substr(0, line + 1)), std::string("malformed run result: ") + field);
  }
  // The header of a list without its entries, and a report cut short.
  EXPECT_EQ(rejects(text.substr(0, text.find("choices 4\n") + 10)), "malformed run result: choice");
  EXPECT_EQ(rejects(text.substr(0, text.find("events 3\n") + 9)), "malformed run result: event");
  EXPECT_EQ(rejects(text.substr(0, text.find("\nwitness ") - 5)),
            "malformed run result: report text");
  EXPECT_EQ(rejects(text.substr(0, text.find("\nwitness 3\n") + 11)),
            "malformed run result: witness operation");
  EXPECT_EQ(rejects(text.substr(0, text.find("\nwarnings ") - 3)),
            "malformed run result: witness text");
  EXPECT_EQ(rejects(text.substr(0, text.size() - 3)), "malformed run result: stderr text");
}

TEST(RunResult, DamagedFieldsAreRejected) {
  std::string error;
  RunResult r;
  EXPECT_FALSE(deserialize("verdict exploded\n", &r, &error));
  EXPECT_EQ(error, "malformed run result: verdict");
  std::string text = serialize(sample_result());
  text.replace(text.find("\nt 1 3 1\n") + 1, 1, "x");  // an unknown choice kind
  EXPECT_FALSE(deserialize(text, &r, &error));
  EXPECT_EQ(error, "malformed run result: choice");
}

// How the parent reads a reaped child: what it sent, its waitpid status and
// how its wall limit went.
IsolatedResult ended(const std::string& payload, int status, bool timed_out = false,
                     bool moving = false, uint64_t progress = 0) {
  return {.payload = payload,
          .wait_status = status,
          .timed_out = timed_out,
          .moving = moving,
          .progress = progress};
}

TEST(ChildOutcome, ResultTextIsTheRunsResult) {
  const RunResult r = child_outcome(ended(serialize(sample_result()), 0), 1000, "steps");
  EXPECT_EQ(r.verdict, Verdict::failed);
  EXPECT_EQ(r.trace_hash, sample_result().trace_hash);
}

TEST(ChildOutcome, KilledBySignalIsDiedNamingTheSignal) {
  // A wait status for "killed by SIGSEGV" as waitpid reports it.
  const int status = SIGSEGV;
  ASSERT_TRUE(WIFSIGNALED(status));
  const RunResult r = child_outcome(ended("", status), 1000, "steps");
  EXPECT_EQ(r.verdict, Verdict::died);
  EXPECT_NE(r.report.find("the child died of signal 11"), std::string::npos) << r.report;
}

TEST(ChildOutcome, ExitWithoutResultIsDiedWithTheStatus) {
  const int status = 3 << 8;  // exited with status 3
  ASSERT_TRUE(WIFEXITED(status));
  const RunResult r = child_outcome(ended("verdict o", status), 1000, "steps");
  EXPECT_EQ(r.verdict, Verdict::died);
  EXPECT_NE(r.report.find("exited (status 3) without a result: malformed run result: verdict"),
            std::string::npos)
      << r.report;
}

// A stuck child is a hang (died); one still taking steps spent its budget.
TEST(ChildOutcome, TimeoutOfAStuckChildIsDiedNamingTheLimit) {
  const RunResult r =
      child_outcome(ended(serialize(sample_result()), SIGKILL, true, false, 12), 2500, "steps");
  EXPECT_EQ(r.verdict, Verdict::died);
  EXPECT_EQ(
      r.report,
      "the child ran past 2500 ms and was stuck: 12 steps done, none in its last 5000 ms (a hang)");
}

TEST(ChildOutcome, TimeoutOfAMovingChildIsIncompleteWithWhatItCovered) {
  const RunResult r = child_outcome(ended("", SIGKILL, true, true, 330), 2000, "schedules");
  EXPECT_EQ(r.verdict, Verdict::incomplete);
  EXPECT_EQ(r.steps, 330u);
  EXPECT_NE(r.report.find("still making progress (330 schedules done)"), std::string::npos)
      << r.report;
}

// The child's stderr tail joins the result, and a death's report; a result
// that carries a stderr already (a DFS search's failing run) keeps it.
TEST(ChildOutcome, TheChildsStderrJoinsTheResultAndADeathsReport) {
  IsolatedResult end = ended("", SIGSEGV);
  end.child_stderr = "assertion failed";
  const RunResult died = child_outcome(end, 1000, "steps");
  EXPECT_EQ(died.engine_stderr, "assertion failed");
  EXPECT_NE(died.report.find("assertion failed"), std::string::npos) << died.report;
  RunResult inner = sample_result();
  inner.engine_stderr = "the failing run's";
  end = ended(serialize(inner), 0);
  end.child_stderr = "the search's own";
  EXPECT_EQ(child_outcome(end, 1000, "schedules").engine_stderr, "the failing run's");
}

TEST(RunInChild, ReturnsTheChildsResultAndSurvivesItsCrash) {
  const RunResult ok = run_in_child([] {
    RunResult r;
    r.steps = 7;
    r.report = "from the child";
    return r;
  });
  EXPECT_EQ(ok.steps, 7u);
  EXPECT_EQ(ok.report, "from the child");
  const RunResult crashed = run_in_child([]() -> RunResult {
    ::raise(SIGKILL);
    return {};
  });
  EXPECT_EQ(crashed.verdict, Verdict::died);
  EXPECT_NE(crashed.report.find("signal 9"), std::string::npos) << crashed.report;
}

TEST(RunInChild, AChildPastItsWallLimitIsKilled) {
  const RunResult r = run_in_child(
      []() -> RunResult {
        for (;;) ::pause();
      },
      300);
  EXPECT_EQ(r.verdict, Verdict::died);
  // Paused: no progress, so a hang (not an incomplete run).
  EXPECT_EQ(
      r.report,
      "the child ran past 300 ms and was stuck: 0 steps done, none in its last 5000 ms (a hang)");
}

}  // namespace
}  // namespace enginesim::sched
