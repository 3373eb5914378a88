// test_linearizability.cpp - the checker on hand-written histories:
// linearizable ones accepted, non-linearizable ones rejected with the right
// key and a small witness.
#include <gtest/gtest.h>

#include <string>

#include "harness/model/linearizability.h"
#include "harness/model/partition.h"

namespace enginesim::model {
namespace {

History parse(const std::string& body, const std::string& options = "") {
  ParseError error;
  auto h = parse_history("enginesim-history 1\n" + options + "\n" + body, &error);
  EXPECT_TRUE(h) << error.describe();
  return h ? *h : History{};
}

CheckReport check(const std::string& body, const std::string& options = "") {
  return check_history(parse(body, options));
}

void expect_linearizable(const std::string& body, const std::string& options = "") {
  const CheckReport r = check(body, options);
  EXPECT_EQ(r.verdict, Verdict::linearizable) << format_report(r, {});
}

// Rejected on `key`, with a witness of at most `witness_max` operations
// that is itself a non-linearizable history file.
CheckReport expect_rejected(const std::string& body, const std::string& key, size_t witness_max,
                            const std::string& options = "") {
  const CheckReport r = check(body, options);
  EXPECT_EQ(r.verdict, Verdict::not_linearizable) << format_report(r, {});
  EXPECT_EQ(r.key, key);
  EXPECT_LE(r.witness.entries.size(), witness_max) << format_report(r, {});
  EXPECT_TRUE(r.shrink_complete);
  ParseError error;
  auto again = parse_history(write_history(r.witness), &error);
  EXPECT_TRUE(again) << error.describe();
  if (again) { EXPECT_EQ(check_history(*again).verdict, Verdict::not_linearizable); }
  return r;
}

TEST(Linearizability, SequentialHistoryIsAccepted) {
  expect_linearizable(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=4 get "k" -> ENGINE_SUCCESS value="a" cas=1
conn=1 call=5 ret=6 append "k" "b" -> ENGINE_SUCCESS cas=2
conn=1 call=7 ret=8 cas "k" "c" cas=2 -> ENGINE_SUCCESS cas=3
conn=1 call=9 ret=10 remove "k" -> ENGINE_SUCCESS
conn=1 call=11 ret=12 get "k" -> ENGINE_KEY_ENOENT
)");
}

TEST(Linearizability, OverlappingOperationsMayTakeEffectOutOfCallOrder) {
  // set a is invoked first but must take effect after set b: the get that
  // starts after set b returned still sees a.
  const std::string body = R"(
conn=1 call=1 ret=6 set "k" "a" -> ENGINE_SUCCESS cas=11
conn=2 call=2 ret=3 set "k" "b" -> ENGINE_SUCCESS cas=12
conn=3 call=4 ret=5 get "k" -> ENGINE_SUCCESS value="a" cas=11
)";
  expect_linearizable(body);
  // After both returned, b can no longer be seen.
  expect_rejected(body + "conn=3 call=7 ret=8 get \"k\" -> ENGINE_SUCCESS value=\"b\" cas=12\n",
                  "k", 4);
}

TEST(Linearizability, ConcurrentReadsMaySeeEitherSide) {
  expect_linearizable(R"(
conn=1 call=1 ret=6 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=2 call=2 ret=3 get "k" -> ENGINE_KEY_ENOENT
conn=3 call=4 ret=5 get "k" -> ENGINE_SUCCESS value="a" cas=1
)");
}

TEST(Linearizability, PendingOperationsMayTakeEffectOrNot) {
  const std::string head = R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=2 call=3 ret=- append "k" "b" -> pending
)";
  expect_linearizable(head + "conn=1 call=4 ret=5 get \"k\" -> ENGINE_SUCCESS value=\"a\" cas=1\n");
  // Its effect, with a CAS nobody saw, learned by the get.
  expect_linearizable(head +
                      "conn=1 call=4 ret=5 get \"k\" -> ENGINE_SUCCESS value=\"ab\" cas=9\n"
                      "conn=1 call=6 ret=7 get \"k\" -> ENGINE_SUCCESS value=\"ab\" cas=9\n");
  // ...but at most once.
  expect_rejected(head + "conn=1 call=4 ret=5 get \"k\" -> ENGINE_SUCCESS value=\"abb\" cas=9\n",
                  "k", 3);
}

TEST(Linearizability, ALostNotifyMayTakeEffectAfterTheReturn) {
  expect_linearizable(R"(
conn=1 call=1 ret=2 set "k" "x" -> notify_lost
conn=1 call=3 ret=4 get "k" -> ENGINE_KEY_ENOENT
conn=2 call=5 ret=6 get "k" -> ENGINE_SUCCESS value="x" cas=4
)");
}

TEST(Linearizability, StaleReadAfterACompletedWriteIsRejected) {
  const CheckReport r = expect_rejected(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=3 call=3 ret=4 set "other" "x" -> ENGINE_SUCCESS cas=2
conn=1 call=5 ret=6 set "k" "b" -> ENGINE_SUCCESS cas=3
conn=3 call=7 ret=8 get "other" -> ENGINE_SUCCESS value="x" cas=2
conn=2 call=9 ret=10 get "k" -> ENGINE_SUCCESS value="a" cas=1
)",
                                        "k", 3);
  // The witness keeps the write the stale value came from.
  ASSERT_EQ(r.witness.entries.size(), 3u);
  EXPECT_EQ(r.witness.entries[0].op, ops::set("k", "a"));
  EXPECT_NE(r.explanation.find("memcached allows ENGINE_SUCCESS with value \"b\""),
            std::string::npos)
      << r.explanation;
}

TEST(Linearizability, TwoSuccessfulAddsOnOneKeyAreRejected) {
  expect_rejected(R"(
conn=1 call=1 ret=4 add "k" "a" -> ENGINE_SUCCESS cas=1
conn=2 call=2 ret=3 add "k" "b" -> ENGINE_SUCCESS cas=2
)",
                  "k", 2);
  // With a remove that may fall between them, both may succeed.
  expect_linearizable(R"(
conn=1 call=1 ret=4 add "k" "a" -> ENGINE_SUCCESS cas=1
conn=3 call=2 ret=6 remove "k" -> ENGINE_SUCCESS
conn=2 call=5 ret=7 add "k" "b" -> ENGINE_SUCCESS cas=2
)");
}

TEST(Linearizability, ALostUpdateWithAppendIsRejected) {
  const std::string head = R"(
conn=1 call=1 ret=2 set "k" "" -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=6 append "k" "a" -> ENGINE_SUCCESS cas=2
conn=2 call=4 ret=5 append "k" "b" -> ENGINE_SUCCESS cas=3
)";
  expect_linearizable(head +
                      "conn=2 call=7 ret=8 get \"k\" -> ENGINE_SUCCESS value=\"ba\" cas=2\n");
  expect_rejected(head + "conn=2 call=7 ret=8 get \"k\" -> ENGINE_SUCCESS value=\"b\" cas=3\n", "k",
                  4);
}

TEST(Linearizability, CasSucceedingTwiceWithOneTokenIsRejected) {
  expect_rejected(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=7
conn=1 call=3 ret=6 cas "k" "b" cas=7 -> ENGINE_SUCCESS cas=8
conn=2 call=4 ret=5 cas "k" "c" cas=7 -> ENGINE_SUCCESS cas=9
)",
                  "k", 3);
}

TEST(Linearizability, OneCasHandedOutForTwoVersionsIsRejected) {
  const CheckReport r = expect_rejected(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=7
conn=1 call=3 ret=4 remove "k" -> ENGINE_SUCCESS
conn=1 call=5 ret=6 add "k" "b" -> ENGINE_SUCCESS cas=7
)",
                                        "k", 2);
  EXPECT_NE(r.explanation.find("with cas 7"), std::string::npos) << r.explanation;
}

TEST(Linearizability, ReportsTheFailingKeyAmongManyAndTheFirstInKeyOrder) {
  const CheckReport r = check(R"(
conn=1 call=1 ret=2 set "a" "1" -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=4 get "a" -> ENGINE_SUCCESS value="1" cas=1
conn=2 call=5 ret=6 get "c" -> ENGINE_SUCCESS value="never stored" cas=5
conn=2 call=7 ret=8 set "b" "2" -> ENGINE_SUCCESS cas=2
conn=2 call=9 ret=10 get "b" -> ENGINE_KEY_ENOENT
)");
  EXPECT_EQ(r.verdict, Verdict::not_linearizable);
  EXPECT_EQ(r.key, "b");
  EXPECT_EQ(r.keys, 3u);
}

TEST(Linearizability, FlushIsAnOperationOnEveryKey) {
  const std::string head = R"(
conn=1 call=1 ret=2 set "a" "1" -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=4 set "b" "2" -> ENGINE_SUCCESS cas=2
conn=2 call=5 ret=8 flush -> ENGINE_SUCCESS
)";
  // Concurrent with the flush: before or after it.
  expect_linearizable(head + "conn=1 call=6 ret=7 get \"b\" -> ENGINE_SUCCESS value=\"2\" cas=2\n");
  expect_rejected(head + "conn=1 call=9 ret=10 get \"a\" -> ENGINE_SUCCESS value=\"1\" cas=1\n",
                  "a", 3);
  const std::vector<Partition> parts = partition_by_key(parse(head));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].entries, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(parts[1].entries, (std::vector<size_t>{1, 2}));
}

TEST(Linearizability, DelayedFlushAndExpiryFollowAdvanceTime) {
  const std::string head = R"(
conn=1 call=1 ret=2 set "k" "v" exptime=10 -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=4 set "j" "w" -> ENGINE_SUCCESS cas=2
conn=1 call=5 ret=6 flush when=20 -> ENGINE_SUCCESS
conn=0 call=7 ret=8 advance_time to=12 -> ENGINE_SUCCESS
)";
  expect_linearizable(head + R"(conn=1 call=9 ret=10 get "k" -> ENGINE_KEY_ENOENT
conn=1 call=11 ret=12 get "j" -> ENGINE_SUCCESS value="w" cas=2
conn=0 call=13 ret=14 advance_time to=22 -> ENGINE_SUCCESS
conn=1 call=15 ret=16 get "j" -> ENGINE_KEY_ENOENT
)");
  expect_rejected(head + "conn=1 call=9 ret=10 get \"k\" -> ENGINE_SUCCESS value=\"v\" cas=1\n",
                  "k", 4);
  // A get concurrent with the advance may see either side of it.
  expect_linearizable(head + R"(conn=0 call=9 ret=12 advance_time to=22 -> ENGINE_SUCCESS
conn=1 call=10 ret=11 get "j" -> ENGINE_SUCCESS value="w" cas=2
conn=1 call=13 ret=14 get "j" -> ENGINE_KEY_ENOENT
)");
}

TEST(Linearizability, EvictionIsAcceptedOnlyWhenTheEngineMayEvict) {
  const std::string body = R"(
conn=1 call=1 ret=2 set "k" "v" -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=4 get "k" -> ENGINE_KEY_ENOENT
conn=1 call=5 ret=6 add "k" "w" -> ENGINE_SUCCESS cas=2
)";
  expect_linearizable(body, "options may_evict=1");
  expect_rejected(body, "k", 2);
}

TEST(Linearizability, ALimitReachedIsAReportedResult) {
  CheckOptions options;
  options.steps_max = 2;
  const CheckReport r = check_history(parse(R"(
conn=1 call=1 ret=6 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=2 call=2 ret=5 set "k" "b" -> ENGINE_SUCCESS cas=2
conn=3 call=3 ret=4 get "k" -> ENGINE_SUCCESS value="a" cas=1
)"),
                                      options);
  EXPECT_EQ(r.verdict, Verdict::limit_reached);
  EXPECT_EQ(r.key, "k");
  EXPECT_NE(format_report(r, options).find("raise --steps-max"), std::string::npos);
}

TEST(Linearizability, ShrinksALongHistoryToTheFewOperationsThatMatter) {
  // Four connections hammer "k" with sets and matching gets; one get is
  // stale. The witness keeps just the stale read and what makes it stale.
  std::string body;
  uint64_t step = 1, cas = 1;
  std::string last;
  for (int round = 0; round < 40; ++round) {
    const std::string v = "v" + std::to_string(round);
    body += "conn=1 call=" + std::to_string(step) + " ret=" + std::to_string(step + 1) +
            " set \"k\" \"" + v + "\" -> ENGINE_SUCCESS cas=" + std::to_string(cas) + "\n";
    step += 2;
    const bool stale = round == 30;
    const std::string seen = stale ? last : v;
    const uint64_t seen_cas = stale ? cas - 1 : cas;
    body += "conn=2 call=" + std::to_string(step) + " ret=" + std::to_string(step + 1) +
            " get \"k\" -> ENGINE_SUCCESS value=\"" + seen + "\" cas=" + std::to_string(seen_cas) +
            "\n";
    step += 2;
    last = v;
    ++cas;
  }
  const CheckReport r = expect_rejected(body, "k", 3);
  EXPECT_EQ(r.operations, 80u);
  ASSERT_EQ(r.witness.entries.size(), 3u);
  EXPECT_EQ(r.witness.entries[1].op, ops::set("k", "v30"));
  EXPECT_EQ(r.witness.entries[2].result, results::value("v29", 30));
  const std::string report = format_report(r, {});
  EXPECT_EQ(report.rfind("not linearizable: key \"k\", a minimal sub-history of 3 operations", 0),
            0u)
      << report;
}

TEST(Linearizability, TheWitnessNamesItsOperationsInTheCheckedHistory) {
  // The stale read of StaleReadAfterACompletedWriteIsRejected, among
  // operations on another key.
  const History h = parse(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=3 call=3 ret=4 set "other" "x" -> ENGINE_SUCCESS cas=2
conn=1 call=5 ret=6 set "k" "b" -> ENGINE_SUCCESS cas=3
conn=3 call=7 ret=8 get "other" -> ENGINE_SUCCESS value="x" cas=2
conn=2 call=9 ret=10 get "k" -> ENGINE_SUCCESS value="a" cas=1
)");
  const CheckReport r = check_history(h);
  ASSERT_EQ(r.verdict, Verdict::not_linearizable);
  EXPECT_EQ(r.witness_entries, (std::vector<size_t>{0, 2, 4}));
  ASSERT_EQ(r.witness_notes.size(), 3u);
  // The stale read is the failing operation; the write it missed is the
  // one without which the witness would fit; the first set is where "a"
  // came from.
  EXPECT_EQ(r.witness_notes[0], "returned before #3 was called");
  EXPECT_EQ(r.witness_notes[1], "without it alone, the witness would fit");
  EXPECT_EQ(r.witness_notes[2],
            "memcached allows ENGINE_SUCCESS with value \"b\", flags 0, exptime 0, cas 3");
  EXPECT_NE(r.explanation.find(r.witness_notes[2]), std::string::npos) << r.explanation;
}

TEST(Linearizability, TheWitnessOfALongHistoryPointsIntoIt) {
  std::string body;
  for (int i = 0; i < 20; ++i) {
    body += "conn=1 call=" + std::to_string(2 * i + 1) + " ret=" + std::to_string(2 * i + 2) +
            " set \"k\" \"v" + std::to_string(i) +
            "\" -> ENGINE_SUCCESS cas=" + std::to_string(i + 1) + "\n";
  }
  body += "conn=2 call=41 ret=42 get \"k\" -> ENGINE_SUCCESS value=\"v17\" cas=18\n";
  const History h = parse(body);
  const CheckReport r = check_history(h);
  ASSERT_EQ(r.verdict, Verdict::not_linearizable);
  ASSERT_EQ(r.witness_entries.size(), r.witness.entries.size());
  for (size_t k = 0; k < r.witness_entries.size(); ++k) {
    EXPECT_EQ(h.entries[r.witness_entries[k]].op, r.witness.entries[k].op) << k;
    EXPECT_EQ(h.entries[r.witness_entries[k]].call_step, r.witness.entries[k].call_step) << k;
  }
  // The read of v17 is stale after set v19: those three.
  EXPECT_EQ(r.witness_entries, (std::vector<size_t>{17, 19, 20}));
  EXPECT_EQ(r.witness_notes.back(),
            "memcached allows ENGINE_SUCCESS with value \"v19\", flags 0, exptime 0, cas 20");
}

TEST(Linearizability, APendingWriteTheFailureNeedsStaysInTheWitness) {
  // The get saw the pending set's value although the append, which needs
  // that set, returned before the get was called. The witness keeps the
  // pending set: without it the append would be "SUCCESS on an empty
  // store", another story. The get fails: after set and append the value is
  // "ab".
  const CheckReport r = check(R"(
conn=1 call=1 ret=- set "k" "a" -> pending
conn=2 call=2 ret=3 append "k" "b" -> ENGINE_SUCCESS cas=3
conn=2 call=4 ret=5 get "k" -> ENGINE_SUCCESS value="a" cas=2
)");
  ASSERT_EQ(r.verdict, Verdict::not_linearizable);
  EXPECT_EQ(r.witness_entries, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(r.witness_notes,
            (std::vector<std::string>{"overlaps #3", "without it alone, the witness would fit",
                                      "memcached allows ENGINE_SUCCESS with value \"ab\", flags 0, "
                                      "exptime 0, cas 3"}));
}

TEST(Linearizability, ACasClashIsNotedOnBothVersions) {
  const CheckReport r = check(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=7
conn=1 call=3 ret=4 remove "k" -> ENGINE_SUCCESS
conn=1 call=5 ret=6 add "k" "b" -> ENGINE_SUCCESS cas=7
)");
  ASSERT_EQ(r.verdict, Verdict::not_linearizable);
  EXPECT_EQ(r.witness_entries, (std::vector<size_t>{0, 2}));
  ASSERT_EQ(r.witness_notes.size(), 2u);
  EXPECT_EQ(r.witness_notes[0],
            "created a version with cas 7, and so did #2: every version needs a CAS of its own");
  EXPECT_EQ(r.witness_notes[1], "created a version with cas 7, which #1's version already had");
}

TEST(Linearizability, FormatsALinearizableVerdict) {
  const CheckReport r = check("conn=1 call=1 ret=2 get \"k\" -> ENGINE_KEY_ENOENT\n");
  EXPECT_EQ(format_report(r, {}), "linearizable (1 operations, 1 keys, 1 search steps)\n");
}

}  // namespace
}  // namespace enginesim::model
