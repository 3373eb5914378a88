// test_isolate.cpp - work in a forked child: crashes and hangs are reported.
#include <gtest/gtest.h>

#include <unistd.h>
#include <csignal>

#include "harness/proc/isolate.h"

namespace enginesim {
namespace {

TEST(Isolate, ExitCodeAndPayload) {
  IsolatedResult r = run_isolated(
      [](const auto& send) {
        send("hello ");
        send("world");
        return 3;
      },
      {.limit_ms = 10'000});
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.payload, "hello world");
  EXPECT_EQ(r.describe(), "exit 3");
}

TEST(Isolate, CrashIsASignalNotOurDeath) {
  IsolatedResult r = run_isolated(
      [](const auto&) {
        std::raise(SIGSEGV);
        return 0;
      },
      {.limit_ms = 10'000});
  EXPECT_FALSE(r.exited);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_NE(r.describe().find("SIGSEGV"), std::string::npos);
}

TEST(Isolate, HangIsKilledAtTheLimit) {
  IsolatedResult r = run_isolated(
      [](const auto&) {
        for (;;) pause();
        return 0;
      },
      {.limit_ms = 300});
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.describe(), "timed out (killed)");
}

}  // namespace
}  // namespace enginesim
