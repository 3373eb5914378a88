// test_clock.cpp - the virtual clock follows the real core's time rules.
#include <gtest/gtest.h>

#include "fakes/clock.h"

namespace enginesim {

TEST(VirtualClock, StartsTwoSecondsAfterProcessStart) {
  VirtualClock clock(1'700'000'000);
  EXPECT_EQ(clock.current_time(), 2u);
  EXPECT_EQ(clock.process_started_unix_sec(), 1'700'000'000 - 2);
  EXPECT_EQ(clock.now_unix_sec(), 1'700'000'000);
}

TEST(VirtualClock, AdvancesOnlyWhenTold) {
  VirtualClock clock;
  clock.advance_sec(10);
  EXPECT_EQ(clock.current_time(), 12u);
  clock.advance_ns(999'999'999);
  EXPECT_EQ(clock.current_time(), 12u);
  clock.advance_ns(1);
  EXPECT_EQ(clock.current_time(), 13u);
  clock.advance_to_ns(1);  // never backwards
  EXPECT_EQ(clock.current_time(), 13u);
}

TEST(VirtualClock, RealtimeZeroMeansNever) {
  VirtualClock clock;
  EXPECT_EQ(clock.realtime(0), 0u);
}

TEST(VirtualClock, RealtimeRelativeUpToThirtyDays) {
  VirtualClock clock;
  clock.advance_sec(100);
  EXPECT_EQ(clock.realtime(5), 102u + 5u);
  EXPECT_EQ(clock.realtime(kRealtimeMaxDeltaSec), 102u + kRealtimeMaxDeltaSec);
}

TEST(VirtualClock, RealtimeAboveThirtyDaysIsAbsolute) {
  VirtualClock clock(1'700'000'000);
  const time_t in_ten = clock.now_unix_sec() + 10;
  EXPECT_EQ(clock.realtime(in_ten), 12u);  // 2 + 10
  EXPECT_EQ(clock.abstime(clock.realtime(in_ten)), in_ten);
}

TEST(VirtualClock, AbsoluteTimeBeforeStartIsAlreadyPast) {
  VirtualClock clock(1'700'000'000);
  EXPECT_EQ(clock.realtime(kRealtimeMaxDeltaSec + 1), 1u);
  EXPECT_EQ(clock.realtime(clock.process_started_unix_sec()), 1u);
  EXPECT_EQ(clock.realtime(-1), 1u);
}

// engine_testapp's mock server: process_started = time(0) as the test
// starts, and an exptime above 3 days is absolute (mock_server.c).
TEST(VirtualClock, TheMockServersRulesStartAtZeroWithThreeDaysOfDelta) {
  VirtualClock clock(1'700'000'000, ClockRules::mock_server());
  EXPECT_EQ(clock.current_time(), 0u);
  EXPECT_EQ(clock.realtime(1), 1u);  // memcached's basic_engine_testsuite relies on it
  constexpr time_t kThreeDays = 60 * 60 * 24 * 3;
  EXPECT_EQ(clock.realtime(kThreeDays), static_cast<rel_time_t>(kThreeDays));
  EXPECT_EQ(clock.realtime(kThreeDays + 1), 1u);  // absolute, and long past
  clock.advance_sec(7);
  EXPECT_EQ(clock.realtime(clock.now_unix_sec() + 3), 10u);
  VirtualClock daemon(1'700'000'000);
  EXPECT_EQ(daemon.realtime(kThreeDays + 1), static_cast<rel_time_t>(2 + kThreeDays + 1));
}

}  // namespace enginesim
