// test_linearizability_witness.cpp - the story a non-linearizable history's
// witness tells, on hand-made histories: the first operation no reachable
// state allows, the operations it depends on kept, the defect named when it
// is a lost update, and a witness that fails check_history on its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/model/linearizability.h"

namespace enginesim::model {
namespace {

History parse(const std::string& body) {
  ParseError error;
  auto h = parse_history("enginesim-history 1\n" + body, &error);
  EXPECT_TRUE(h) << error.describe();
  return h ? *h : History{};
}

// Rejected, and the witness (written and read back) is rejected on its own
// with the same witness and explanation: it tells its story by itself.
CheckReport rejected(const std::string& body) {
  const CheckReport r = check_history(parse(body));
  EXPECT_EQ(r.verdict, Verdict::not_linearizable) << format_report(r, {});
  EXPECT_TRUE(r.shrink_complete);
  ParseError error;
  const auto again = parse_history(write_history(r.witness), &error);
  EXPECT_TRUE(again) << error.describe();
  if (again) {
    const CheckReport w = check_history(*again);
    EXPECT_EQ(w.verdict, Verdict::not_linearizable);
    EXPECT_EQ(w.witness, r.witness) << format_report(w, {});
    EXPECT_EQ(w.explanation, r.explanation);
  }
  return r;
}

std::vector<std::string> ops_of(const CheckReport& r) {
  std::vector<std::string> out;
  for (const HistoryEntry& e : r.witness.entries) out.push_back(to_text(e.op));
  return out;
}

bool says(const CheckReport& r, const std::string& text) {
  return r.explanation.find(text) != std::string::npos;
}

TEST(LinearizabilityWitness, ALostAppendIsNamedWithTheSetAndBothAppends) {
  // Two appends overlap; the get after both sees only "b": "a" was lost.
  const CheckReport r = rejected(R"(
conn=1 call=1 ret=2 get "k" -> ENGINE_KEY_ENOENT
conn=2 call=3 ret=4 append "k" "z" -> ENGINE_NOT_STORED
conn=1 call=5 ret=6 set "k" "" -> ENGINE_SUCCESS cas=1
conn=1 call=7 ret=10 append "k" "a" -> ENGINE_SUCCESS cas=2
conn=2 call=8 ret=9 append "k" "b" -> ENGINE_SUCCESS cas=3
conn=2 call=11 ret=12 get "k" -> ENGINE_SUCCESS value="b" cas=3
)");
  EXPECT_EQ(ops_of(r), (std::vector<std::string>{"set \"k\" \"\"", "append \"k\" \"a\"",
                                                 "append \"k\" \"b\"", "get \"k\""}));
  EXPECT_EQ(r.explanation.rfind("lost update: #2 append \"k\" \"a\"", 0), 0u) << r.explanation;
  EXPECT_TRUE(
      says(r, "and #3 append \"k\" \"b\" (ENGINE_SUCCESS cas=3) overlapped and both succeeded"))
      << r.explanation;
  // The states after the prefix and what each allows the get.
  EXPECT_TRUE(
      says(r,
           "States reachable after it (2):\n  \"k\" = \"ab\" (flags 0, exptime 0, cas 3); time 2\n"
           "  \"k\" = \"ba\" (flags 0, exptime 0, cas 2); time 2\n"))
      << r.explanation;
  EXPECT_TRUE(says(r,
                   "The first operation no reachable state allows: #4 get \"k\" got ENGINE_SUCCESS "
                   "value=\"b\" cas=3"))
      << r.explanation;
  EXPECT_TRUE(says(r, "memcached allows ENGINE_SUCCESS with value \"ba\"")) << r.explanation;
  EXPECT_EQ(r.witness_notes[1].rfind("lost update: acknowledged", 0), 0u) << r.witness_notes[1];
  EXPECT_EQ(r.witness_notes[3].rfind("memcached allows ENGINE_SUCCESS with value \"ab\"", 0), 0u)
      << r.witness_notes[3];
}

TEST(LinearizabilityWitness, AnUpdateThatWasReadAndThenLostIsNamedWithoutItsRead) {
  // An append reads "169", a set of "416" takes effect and is read, then the
  // append writes "169316" over it. No single operation removed makes the
  // history fit (the read of "416" needs the set): the set is the lost
  // update once its read goes too, and the witness shows it without the read
  // and with the set the append built on (a run of the fs append mutant).
  const CheckReport r = rejected(R"(
conn=1 call=1 ret=2 set "k" "169" -> ENGINE_SUCCESS cas=1
conn=2 call=3 ret=10 append "k" "316" -> ENGINE_SUCCESS cas=3
conn=3 call=5 ret=6 set "k" "416" -> ENGINE_SUCCESS cas=2
conn=1 call=7 ret=8 get "k" -> ENGINE_SUCCESS value="416" cas=2
conn=1 call=11 ret=12 get "k" -> ENGINE_SUCCESS value="169316" cas=3
)");
  EXPECT_EQ(ops_of(r), (std::vector<std::string>{"set \"k\" \"169\"", "append \"k\" \"316\"",
                                                 "set \"k\" \"416\"", "get \"k\""}));
  EXPECT_EQ(r.explanation.rfind("lost update: #3 set \"k\" \"416\"", 0), 0u) << r.explanation;
  EXPECT_TRUE(says(r, "as if #2 had been applied to the version before #3")) << r.explanation;
}

TEST(LinearizabilityWitness, AnUpdateWhoseReadPinsTheOrderIsNamedWithItsRead) {
  // The append reads "903", a set of "405" returns after the set of "903"
  // and is read, then the append writes "903645" over it. Without the read
  // the sets could go the other way and everything fits, so the read stays:
  // the set is the lost update together with its read (a run of the fs
  // append mutant once item calls stopped being scheduling points).
  const CheckReport r = rejected(R"(
conn=1 call=13 ret=26 append "k0" "645" -> ENGINE_SUCCESS cas=7
conn=3 call=17 ret=20 set "k0" "903" -> ENGINE_SUCCESS cas=5
conn=2 call=19 ret=22 set "k0" "405" -> ENGINE_SUCCESS cas=6
conn=3 call=21 ret=24 get "k0" -> ENGINE_SUCCESS value="405" cas=6
conn=3 call=25 ret=28 get "k0" -> ENGINE_SUCCESS value="903645" cas=7
)");
  EXPECT_EQ(r.explanation.rfind("lost update: #3 set \"k0\" \"405\"", 0), 0u) << r.explanation;
  EXPECT_TRUE(says(r, "#4 read #3's version, so it took effect")) << r.explanation;
  EXPECT_TRUE(says(r, "as if #1 had been applied to the version before #3")) << r.explanation;
}

TEST(LinearizabilityWitness, TheStoresAReadValueIsMadeOfStayInTheWitness) {
  // An append read "ab" (set "a", append "b") and wrote "abc" over two sets
  // that took effect meanwhile: no single operation removed makes the
  // history fit. The witness keeps the set and the append the read value is
  // made of, and then one lost set is enough to tell the lost update (a run
  // of the fs append mutant lost three updates this way).
  const CheckReport r = rejected(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=2 call=3 ret=12 append "k" "c" -> ENGINE_SUCCESS cas=5
conn=1 call=4 ret=5 append "k" "b" -> ENGINE_SUCCESS cas=2
conn=3 call=6 ret=7 set "k" "x" -> ENGINE_SUCCESS cas=3
conn=3 call=8 ret=9 set "k" "y" -> ENGINE_SUCCESS cas=4
conn=1 call=13 ret=14 get "k" -> ENGINE_SUCCESS value="abc" cas=5
)");
  const std::vector<std::string> ops = ops_of(r);
  EXPECT_EQ(ops.front(), "set \"k\" \"a\"");
  EXPECT_NE(std::find(ops.begin(), ops.end(), "append \"k\" \"b\""), ops.end());
  EXPECT_EQ(r.explanation.rfind("lost update: #", 0), 0u) << r.explanation;
  EXPECT_TRUE(says(r, "as if #2 had been applied to the version before")) << r.explanation;
}

TEST(LinearizabilityWitness, TwoConcurrentRemovesThatBothSucceedAreALostUpdate) {
  const CheckReport r = rejected(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=6 remove "k" -> ENGINE_SUCCESS
conn=2 call=4 ret=5 remove "k" -> ENGINE_SUCCESS
)");
  EXPECT_EQ(r.witness.entries.size(), 3u);
  EXPECT_TRUE(says(r, "overlapped and both succeeded, yet only one can remove the item"))
      << r.explanation;
}

TEST(LinearizabilityWitness, ASecondRemoveIsShownWithTheAddBetween) {
  // remove, add, remove, remove: the last remove fails, and the remove and
  // add before it are what make "no item" the only state.
  const CheckReport r = rejected(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=4 remove "k" -> ENGINE_SUCCESS
conn=1 call=5 ret=6 add "k" "b" -> ENGINE_SUCCESS cas=2
conn=1 call=7 ret=8 remove "k" -> ENGINE_SUCCESS
conn=2 call=9 ret=10 remove "k" -> ENGINE_SUCCESS
)");
  EXPECT_EQ(ops_of(r),
            (std::vector<std::string>{"add \"k\" \"b\"", "remove \"k\"", "remove \"k\""}));
  EXPECT_TRUE(says(r, "#3 remove \"k\" got ENGINE_SUCCESS")) << r.explanation;
  EXPECT_TRUE(says(r, "no items; time 2: memcached allows ENGINE_KEY_ENOENT")) << r.explanation;
  EXPECT_FALSE(says(r, "lost update")) << "they did not overlap: " << r.explanation;
}

TEST(LinearizabilityWitness, AnExpiryDefectKeepsTheAddAndTheClockAdvance) {
  // Added for 98 s at time 2; at 100 it is gone, yet replace succeeded.
  const CheckReport r = rejected(R"(
conn=1 call=1 ret=2 time=2..2 get "k" -> ENGINE_KEY_ENOENT
conn=1 call=3 ret=4 time=2..2 add "k" "v" exptime=98 -> ENGINE_SUCCESS cas=1
conn=0 call=5 ret=6 time=2..100 advance_time to=100 -> ENGINE_SUCCESS
conn=1 call=7 ret=8 time=100..100 replace "k" "w" -> ENGINE_SUCCESS cas=2
)");
  EXPECT_EQ(ops_of(r), (std::vector<std::string>{"add \"k\" \"v\" exptime=98",
                                                 "advance_time to=100", "replace \"k\" \"w\""}));
  EXPECT_TRUE(says(r, "no items; time 100: memcached allows ENGINE_NOT_STORED")) << r.explanation;
  EXPECT_TRUE(says(r, "Without #2 alone, the witness would fit.")) << r.explanation;
}

TEST(LinearizabilityWitness, AWrongExptimeIsExplainedByTheStoreItCameFrom) {
  // Stored at time 2 for 204 s: exptime 206, not 208. The witness keeps the
  // set the get's cas names, so the model's answer is the item, not ENOENT.
  const CheckReport r = rejected(R"(
conn=1 call=1 ret=2 time=2..2 set "k" "v" exptime=204 -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=4 time=2..2 get "k" -> ENGINE_SUCCESS value="v" cas=1 exptime=208
)");
  EXPECT_EQ(r.witness.entries.size(), 2u);
  EXPECT_EQ(r.witness_notes[1],
            "memcached allows ENGINE_SUCCESS with value \"v\", flags 0, exptime 206, cas 1");
}

TEST(LinearizabilityWitness, ACasThatSucceedsTwiceWithOneTokenShowsBoth) {
  const CheckReport r = rejected(R"(
conn=1 call=1 ret=2 get "k" -> ENGINE_KEY_ENOENT
conn=1 call=3 ret=4 set "k" "a" -> ENGINE_SUCCESS cas=7
conn=1 call=5 ret=8 cas "k" "x" cas=7 -> ENGINE_SUCCESS cas=8
conn=2 call=6 ret=7 cas "k" "y" cas=7 -> ENGINE_SUCCESS cas=9
)");
  EXPECT_EQ(ops_of(r), (std::vector<std::string>{"set \"k\" \"a\"", "cas \"k\" \"x\" cas=7",
                                                 "cas \"k\" \"y\" cas=7"}));
  EXPECT_TRUE(says(r,
                   "overlapped and both succeeded with cas 7, yet only one operation can replace "
                   "the version with that cas"))
      << r.explanation;
}

TEST(LinearizabilityWitness, ReachableStatesArePrintedUpToABound) {
  // Ten overlapping sets, all returned before the get, which misses them
  // all: any of the ten may be the last. Unshrunk, so all ten stay.
  std::string body;
  for (int i = 0; i < 10; ++i) {
    body += "conn=" + std::to_string(i + 1) + " call=" + std::to_string(i + 1) +
            " ret=" + std::to_string(20 - i) + " set \"k\" \"v" + std::to_string(i) +
            "\" -> ENGINE_SUCCESS cas=" + std::to_string(i + 1) + "\n";
  }
  body += "conn=20 call=21 ret=22 get \"k\" -> ENGINE_KEY_ENOENT\n";
  CheckOptions opts;
  opts.shrink = false;
  const CheckReport r = check_history(parse(body), opts);
  ASSERT_EQ(r.verdict, Verdict::not_linearizable);
  EXPECT_TRUE(says(r, "States reachable after it (10):\n")) << r.explanation;
  EXPECT_TRUE(says(r, "\n  +2 more\nThe first operation")) << r.explanation;
  // Shrunk, one set is enough to tell the same story.
  EXPECT_EQ(rejected(body).witness.entries.size(), 2u);
}

TEST(LinearizabilityWitness, AnExplanationBeyondItsBudgetShowsTheWholeKey) {
  CheckOptions opts;
  opts.shrink_steps_max = 1;
  const CheckReport r = check_history(parse(R"(
conn=1 call=1 ret=2 set "k" "a" -> ENGINE_SUCCESS cas=1
conn=1 call=3 ret=4 get "k" -> ENGINE_KEY_ENOENT
)"),
                                      opts);
  EXPECT_EQ(r.verdict, Verdict::not_linearizable);
  EXPECT_EQ(r.witness.entries.size(), 2u);
  EXPECT_FALSE(r.shrink_complete);
  EXPECT_TRUE(says(r, "stopped at its limit of 1 steps")) << r.explanation;
}

}  // namespace
}  // namespace enginesim::model
