// test_child_journal.cpp - a child that dies leaves its journal to its
// parent: choices, steps, trace hash, events on request, the signal and
// where it faulted, and its stderr in the report.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>

#include "harness/sched/child_journal.h"
#include "harness/sim/isolated_run.h"

namespace enginesim::sched {
namespace {

[[noreturn]] __attribute__((noinline)) void write_through_null() {
  volatile int* volatile nowhere = nullptr;
  *nowhere = 1;
  std::abort();  // not reached
}

TEST(DiedRun, JournalKeepsTheScheduleTheSignalAndTheAddress) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "ASan/UBSan and TSan report the deliberate null store themselves (see "
                  "cli.run_died)";
#endif
  const ChoiceRecord a{ChoiceKind::thread, true, 2, 1};
  const ChoiceRecord b{ChoiceKind::core, false, 3, 2};
  const RunResult r = run_in_child([&]() -> RunResult {
    journal_begin_run();
    journal_choice(a);
    journal_progress(7, 0x1234);
    journal_choice(b);
    write_through_null();
  });
  EXPECT_EQ(r.verdict, Verdict::died);
  EXPECT_EQ(r.steps, 7u);
  EXPECT_EQ(r.trace_hash, 0x1234u);
  EXPECT_EQ(r.choices, (ChoiceLog{a, b}));
  EXPECT_EQ(r.death.signal, SIGSEGV);
  EXPECT_TRUE(r.death.has_address);
  EXPECT_EQ(r.death.address, 0u);
  EXPECT_EQ(describe_death(r), "SIGSEGV at address 0x0, after 7 steps");
  EXPECT_NE(r.report.find("signal 11 (SIGSEGV: Segmentation fault) at address 0x0, after 7 steps"),
            std::string::npos)
      << r.report;
  EXPECT_TRUE(r.events.empty());  // not asked for
  // Where it struck, named after the child is gone: the function and line,
  // and (the test's executable being the code that faulted) whose it was.
  ASSERT_FALSE(r.death.frames.empty());
  EXPECT_NE(r.report.find("\nwhere: enginesim::sched::(anonymous namespace)::write_through_null ("),
            std::string::npos)
      << r.report;
  EXPECT_NE(r.report.find("at test_child_journal.cpp:"), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("\n  called from "), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("the code that faulted is enginesim's own"), std::string::npos)
      << r.report;
}

TEST(DiedRun, AnAbortHasNoAddressAndItsStderrIsInTheReport) {
  const RunResult r = run_in_child([]() -> RunResult {
    journal_begin_run();
    journal_progress(3, 9);
    const char text[] = "engine.c:12: store: Assertion `x' failed.\n";
    (void)!::write(2, text, sizeof text - 1);
    std::abort();
  });
  EXPECT_EQ(r.death.signal, SIGABRT);
  EXPECT_FALSE(r.death.has_address);
  EXPECT_EQ(describe_death(r), "SIGABRT, after 3 steps");
  EXPECT_NE(r.report.find("Assertion `x' failed."), std::string::npos) << r.report;
}

TEST(DiedRun, EventsAndThreadNamesAreKeptWhenAskedFor) {
  const RunResult r = run_in_child(
      []() -> RunResult {
        journal_begin_run();
        journal_thread_name(0, "main");
        journal_thread_name(1, "worker");
        journal_event({1, 0, Op::create, 1, 0, {}});
        journal_event({1, 1, Op::note, 0, 5, "conn 1: get k0"});
        journal_thread_name(1, "conn 1 worker");  // renamed
        journal_progress(1, 2);
        ::raise(SIGSEGV);  // sent, not a fault: no address
        std::abort();
      },
      60'000, 4096);
  EXPECT_EQ(r.death.signal, SIGSEGV);
  EXPECT_FALSE(r.death.has_address);
  EXPECT_EQ(r.thread_names, (std::vector<std::string>{"main", "conn 1 worker"}));
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].op, Op::create);
  EXPECT_EQ(r.events[1].text, "conn 1: get k0");
  EXPECT_EQ(r.events[1].time_ns, 5u);
}

TEST(DiedRun, TheDeathSurvivesTheTextForm) {
  RunResult r;
  r.verdict = Verdict::died;
  r.death = {SIGBUS, true, 0xdead, false, true, {{"/x/engine.so", 0x1a2b}, {"", 0}}};
  RunResult back;
  std::string error;
  ASSERT_TRUE(deserialize(serialize(r), &back, &error)) << error;
  EXPECT_EQ(back.death, r.death);
}

}  // namespace
}  // namespace enginesim::sched
