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

}  // namespace enginesim
