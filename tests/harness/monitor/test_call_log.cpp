// test_call_log.cpp - the monitor's ring of call records (harness/monitor/call_log.h).
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "harness/monitor/call_log.h"

namespace enginesim {
namespace {

TEST(CallLog, KeepsTheLastCapacityCallsAndFindsThemBySeq) {
  CallLog log(3);
  for (uint64_t seq = 1; seq <= 7; ++seq) {
    CallRecord& r = log.add(seq);
    EXPECT_EQ(r.seq, seq);
    EXPECT_FALSE(r.returned) << "a reused slot starts afresh";
    EXPECT_TRUE(r.args.empty());
    r.returned = true;
    r.args = CallText().num("n=", seq);
  }
  EXPECT_EQ(log.size(), 3u);
  EXPECT_EQ(log.dropped(), 4u);
  EXPECT_EQ(log.find(4), nullptr) << "dropped";
  EXPECT_EQ(log.find(8), nullptr) << "never made";
  ASSERT_NE(log.find(6), nullptr);
  EXPECT_EQ(log.find(6)->args.text(), "n=6");
  const auto all = log.oldest_first();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].seq, 5u);
  EXPECT_EQ(all[2].seq, 7u);
  EXPECT_EQ(log.at(0).seq, 5u);
}

TEST(CallLog, BeforeItFillsNothingIsDropped) {
  CallLog log(100);
  for (uint64_t seq = 10; seq < 15; ++seq) log.add(seq);
  EXPECT_EQ(log.size(), 5u);
  EXPECT_EQ(log.dropped(), 0u);
  EXPECT_EQ(log.find(9), nullptr);
  EXPECT_EQ(log.find(10)->seq, 10u);
  EXPECT_EQ(log.find(14)->seq, 14u);
}

// More records than one chunk holds, a capacity that ends inside a chunk,
// and wrapping: every kept record is found where it was written.
TEST(CallLog, AcrossChunksAndWrappedEveryKeptRecordIsFound) {
  CallLog log(300);
  for (uint64_t seq = 1; seq <= 700; ++seq) log.add(seq).args = CallText().num("", seq);
  EXPECT_EQ(log.size(), 300u);
  EXPECT_EQ(log.dropped(), 400u);
  for (uint64_t seq = 401; seq <= 700; ++seq) {
    ASSERT_NE(log.find(seq), nullptr) << seq;
    EXPECT_EQ(log.find(seq)->args.text(), std::to_string(seq));
  }
  EXPECT_EQ(log.find(400), nullptr);
}

TEST(CallLogDeathTest, SeqsFollowOneAnother) {
  CallLog log(4);
  log.add(1);
  EXPECT_DEATH(log.add(3), "seq == newest\\(\\).seq \\+ 1");
}

}  // namespace
}  // namespace enginesim
