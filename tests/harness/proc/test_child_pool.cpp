// test_child_pool.cpp - several forked children at once: each one's payload,
// end and stderr come back with its tag, and a limit tells a child still
// making progress from a stuck one.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <map>

#include "harness/proc/child_pool.h"
#include "harness/proc/child_progress.h"

namespace enginesim {
namespace {

TEST(ChildPool, EachChildsEndComesBackWithItsTag) {
  ChildPool pool;
  for (uint64_t tag = 1; tag <= 3; ++tag) {
    pool.start(tag,
               [tag](const ChildSend& send) {
                 send("child " + std::to_string(tag));
                 std::fprintf(stderr, "stderr of %d\n", static_cast<int>(tag));
                 return static_cast<int>(tag) + 10;
               },
               {.limit_ms = 10'000, .capture_stderr = true});
  }
  EXPECT_EQ(pool.running(), 3u);
  std::map<uint64_t, IsolatedResult> ends;
  while (pool.running() > 0) {
    auto [tag, end] = pool.wait_one();
    ends[tag] = std::move(end);
  }
  ASSERT_EQ(ends.size(), 3u);
  for (const auto& [tag, end] : ends) {
    EXPECT_TRUE(end.exited);
    EXPECT_EQ(end.exit_code, static_cast<int>(tag) + 10);
    EXPECT_EQ(end.payload, "child " + std::to_string(tag));
    EXPECT_EQ(end.child_stderr, "stderr of " + std::to_string(tag));
  }
}

TEST(ChildPool, AtTheLimitAMovingChildIsToldFromAStuckOne) {
  ChildPool pool;
  pool.start(1,
             [](const ChildSend&) {
               for (;;) {
                 child_progress_bump();
                 ::usleep(1000);
               }
               return 0;
             },
             {.limit_ms = 300});
  pool.start(2,
             [](const ChildSend&) {
               for (;;) ::pause();
               return 0;
             },
             {.limit_ms = 300});
  std::map<uint64_t, IsolatedResult> ends;
  while (pool.running() > 0) {
    auto [tag, end] = pool.wait_one();
    ends[tag] = std::move(end);
  }
  EXPECT_TRUE(ends[1].timed_out);
  EXPECT_TRUE(ends[1].moving);
  EXPECT_GT(ends[1].progress, 0u);
  EXPECT_TRUE(ends[2].timed_out);
  EXPECT_FALSE(ends[2].moving);
  EXPECT_EQ(ends[2].progress, 0u);
}

bool g_set_up = false;  // set by a child's in_child, in that child only

TEST(ChildPool, WorkRunsAfterTheSpecsSetupInTheChild) {
  ChildPool pool;
  pool.start(7,
             [](const ChildSend& send) {
               send(g_set_up ? "set up" : "not set up");
               return 0;
             },
             {.limit_ms = 10'000, .in_child = [] { g_set_up = true; }});
  const auto [tag, end] = pool.wait_one();
  EXPECT_EQ(tag, 7u);
  EXPECT_EQ(end.payload, "set up");
  EXPECT_FALSE(g_set_up);
}

}  // namespace
}  // namespace enginesim
