// test_stderr_tail.cpp - what a report shows of a child's stderr
// (harness/proc/stderr_capture.h): the last lines, how much was cut, and a
// sanitizer report's headline even when its stack pushed it out.
#include <string>

#include <gtest/gtest.h>

#include "harness/proc/stderr_capture.h"

namespace enginesim {
namespace {

std::string numbered(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i) out += "line " + std::to_string(i) + "\n";
  return out;
}

TEST(StderrTail, ShortOutputIsWhole) {
  EXPECT_EQ(bounded_tail("", 0), "");
  EXPECT_EQ(bounded_tail("one\ntwo\n\n", 0), "one\ntwo");
}

TEST(StderrTail, LongOutputKeepsTheLastLinesAndSaysHowManyWereCut) {
  const std::string out = bounded_tail(numbered(1, 100), 0);
  EXPECT_EQ(out.rfind("(60 lines cut; the last 40 lines follow)\nline 61\n", 0), 0u) << out;
  EXPECT_NE(out.find("line 100"), std::string::npos);
  EXPECT_EQ(out.find("line 60\n"), std::string::npos);
}

// An ASan report of a crash on a thread started by a thread started by the
// first: the stacks and thread chains run past 40 lines, and the lines that
// say what happened come first.
TEST(StderrTail, ASanitizersHeadlineSurvivesALongStack) {
  const std::string report =
      "==4242==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000\n" +
      numbered(1, 30) + "SUMMARY: AddressSanitizer: SEGV sched_racy.c:140 in r_store\n" +
      numbered(31, 80) + "==4242==ABORTING\n";
  const std::string out = bounded_tail(report, 0);
  EXPECT_EQ(out.rfind("(41 lines cut; a sanitizer's 2 headline line(s) from among them and the "
                      "last 40 lines follow)\n"
                      "==4242==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000\n"
                      "SUMMARY: AddressSanitizer: SEGV sched_racy.c:140 in r_store\n"
                      "line 42\n",
                      0),
            0u)
      << out;
  EXPECT_NE(out.find("==4242==ABORTING"), std::string::npos);
}

TEST(StderrTail, NoMoreHeadlinesThanItKeeps) {
  std::string many;
  for (int i = 0; i < 10; ++i) many += "SUMMARY: finding " + std::to_string(i) + "\n";
  const std::string out = bounded_tail(many + numbered(1, 40), 0);
  EXPECT_NE(out.find("SUMMARY: finding 3\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("SUMMARY: finding 4\n"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("(6 lines cut; a sanitizer's 4 headline", 0), 0u) << out;
}

TEST(StderrTail, BytesDroppedBeforeAreCounted) {
  EXPECT_EQ(bounded_tail("last\n", 1000),
            "(1000 bytes and 0 lines cut; the last 1 lines follow)\nlast");
}

}  // namespace
}  // namespace enginesim
