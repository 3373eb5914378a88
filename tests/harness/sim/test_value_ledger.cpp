// test_value_ledger.cpp - which get answers the "never stored" check accepts:
// stored values, appends and prepends around them, incr/decr results, and
// nothing else.
#include <gtest/gtest.h>

#include "harness/sim/value_ledger.h"

namespace enginesim::sched {
namespace {

TEST(ValueLedger, AcceptsStoredValuesAndTheirAppendsAndPrepends) {
  ValueLedger l;
  l.store("k", "base");
  l.append("k", "-a");
  l.append("k", "-b");
  l.prepend("k", "p:");
  EXPECT_TRUE(l.possible("k", "base"));
  EXPECT_TRUE(l.possible("k", "base-a"));
  EXPECT_TRUE(l.possible("k", "base-b-a-a"));
  EXPECT_TRUE(l.possible("k", "p:p:base-b"));
  EXPECT_FALSE(l.possible("k", "bas"));
  EXPECT_FALSE(l.possible("k", "base-c"));
  EXPECT_FALSE(l.possible("k", "-abase"));
  EXPECT_FALSE(l.possible("other", "base"));
}

TEST(ValueLedger, ArithmeticResultsAreValuesAndUnknownResultsAllowAnyNumber) {
  ValueLedger l;
  l.store("n", "10");
  l.arithmetic_result("n", 7);
  EXPECT_TRUE(l.possible("n", "7"));
  EXPECT_TRUE(l.possible("n", "7 "));  // memcached pads a shrinking number
  EXPECT_FALSE(l.possible("n", "8"));
  l.arithmetic_unknown("n");
  EXPECT_TRUE(l.possible("n", "8"));
  EXPECT_FALSE(l.possible("n", "8x"));
}

// memcached's default engine rewrites a shorter incr/decr result in place,
// space-padded (protocol.txt); an append then follows the padding.
TEST(ValueLedger, APaddedNumberMayBeFollowedByAppends) {
  ValueLedger l;
  l.store("k", "100");
  l.arithmetic_result("k", 93);
  l.append("k", "962");
  EXPECT_TRUE(l.possible("k", "93 962"));
  EXPECT_TRUE(l.possible("k", "93 "));
  EXPECT_FALSE(l.possible("k", "93 x962"));
  EXPECT_FALSE(l.possible("k", "x 962"));
}

TEST(ValueLedger, CheckReportsEveryUnexplainedGet) {
  ValueLedger l;
  l.store("k", "v1");
  l.observed("k", "v1", OpSite("connection 1", 2));
  l.observed("k", "v2", OpSite("connection 2", 5));
  l.observed("j", "", OpSite("connection 1", 3));
  // Seen before its store was recorded (a get that ran concurrently with the
  // set): explained at the end, so not reported.
  l.observed("k", "v3", OpSite("connection 3", 1));
  l.store("k", "v3");
  l.observed("k", "v4", OpSite("after restart"));
  const auto lines = l.check();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "connection 2 op 5: get \"k\" returned \"v2\", a value never stored");
  EXPECT_EQ(lines[1], "connection 1 op 3: get \"j\" returned \"\", a value never stored");
  EXPECT_EQ(lines[2], "after restart: get \"k\" returned \"v4\", a value never stored");
}

TEST(ValueLedger, EmptyValuesArePiecesLikeAnyOther) {
  ValueLedger l;
  l.store("k", "");
  l.append("k", "x");
  EXPECT_TRUE(l.possible("k", ""));
  EXPECT_TRUE(l.possible("k", "xx"));
  EXPECT_FALSE(l.possible("k", "y"));
}

TEST(ValueLedger, AValueOfPiecesAloneIsReportedAsWhatHappened) {
  // The tutorial engine's append makes the item when the key is missing.
  ValueLedger l;
  l.append("k", "443");
  l.prepend("k", "216");
  l.store("k", "796");
  l.observed("k", "443", OpSite("connection 4", 7));
  l.observed("k", "216443", OpSite("connection 4", 8));
  EXPECT_TRUE(l.pieces_alone("k", "216443"));
  EXPECT_FALSE(l.pieces_alone("k", "796x"));
  const auto lines = l.check();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "connection 4 op 7: get \"k\" returned \"443\", which append/prepend pieces alone "
            "make up: no value stored for the key lies under them (memcached's append and prepend "
            "answer NOT_STORED on a missing key and create nothing)");
  EXPECT_NE(lines[1].find("\"216443\", which append/prepend pieces alone"), std::string::npos);
}

}  // namespace
}  // namespace enginesim::sched
