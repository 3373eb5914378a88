// test_model.cpp - the sequential model of memcached semantics, one test per
// rule, and the text forms of operations, results and histories.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/model/history.h"
#include "harness/model/model.h"
#include "harness/model/sequential.h"
#include "harness/model/text_codec.h"
#include "tests/harness/model/results_short.h"

namespace enginesim::model {
namespace {

using namespace std::string_literals;

// Drives the model one operation at a time, asserting each result is (or is
// not) acceptable; the state follows the accepted results.
class ModelTest : public ::testing::Test {
 protected:
  // The rules themselves, without the allowances for memcached's default
  // engine (those are AllowanceTest's): Level::strict.
  explicit ModelTest(ModelOptions options = {})
      : model_(held_strict(options)), state_(model_.initial_state()) {}
  static ModelOptions held_strict(ModelOptions o) {
    o.level = Level::strict;
    return o;
  }

  void accept(const Operation& op, const Result& r, rel_time_t issued_at = 0) {
    auto next = model_.successors(state_, op, r, issued_at);
    ASSERT_FALSE(next.empty()) << to_text(op) << " -> " << to_text(r) << " was rejected; allowed: "
                               << model_.acceptable(state_, op, issued_at).describe();
    ASSERT_EQ(next.size(), 1u) << "ambiguous successor for " << to_text(op);
    state_ = next[0];
  }
  void reject(const Operation& op, const Result& r) {
    EXPECT_FALSE(model_.check(state_, op, r))
        << to_text(op) << " -> " << to_text(r) << " was accepted";
  }
  void advance_to(rel_time_t t) { accept(ops::advance_time(t), Result{}); }

  Model model_;
  State state_;
};

TEST_F(ModelTest, GetMissingIsEnoentAndHitReturnsValueFlagsCas) {
  accept(ops::get("k"), st(ENGINE_KEY_ENOENT));
  reject(ops::get("k"), results::value("", 1));
  accept(ops::set("k", "v", 7), results::stored(10));
  reject(ops::get("k"), results::value("w", 10, 7));
  reject(ops::get("k"), results::value("v", 10, 8));
  reject(ops::get("k"), results::value("v", 11, 7));  // not the version's CAS
  reject(ops::get("k"), st(ENGINE_KEY_ENOENT));
  accept(ops::get("k"), results::value("v", 10, 7));
}

TEST_F(ModelTest, AddOnlyWhenMissing) {
  accept(ops::add("k", "a"), results::stored(1));
  reject(ops::add("k", "b"), results::stored(2));
  accept(ops::add("k", "b"), st(ENGINE_NOT_STORED));
  accept(ops::get("k"), results::value("a", 1));
}

TEST_F(ModelTest, ReplaceAppendPrependOnlyWhenPresent) {
  for (OpKind kind : {OpKind::replace, OpKind::append, OpKind::prepend}) {
    accept(ops::store(kind, "k", "x"), st(ENGINE_NOT_STORED));
    reject(ops::store(kind, "k", "x"), results::stored(1));
  }
  accept(ops::replace("k", "x"), st(ENGINE_NOT_STORED));
}

TEST_F(ModelTest, AppendAndPrependConcatenateAndKeepFlagsAndExptime) {
  accept(ops::set("k", "mid", 5, 100), results::stored(1));
  accept(ops::append("k", "-tail"), results::stored(2));
  accept(ops::prepend("k", "head-"), results::stored(3));
  accept(ops::get("k"), results::value("head-mid-tail", 3, 5));
  EXPECT_EQ(state_.find("k")->exptime, kStartTime + 100u);
}

TEST_F(ModelTest, EveryMutationNeedsANewNonZeroCas) {
  reject(ops::set("k", "a"), results::stored(0));
  accept(ops::set("k", "a"), results::stored(4));
  reject(ops::set("k", "b"), results::stored(4));  // the version it replaces
  reject(ops::append("k", "b"), results::stored(4));
  reject(ops::incr("k", 1), results::number(1, 4));
  accept(ops::set("k", "b"), results::stored(5));
}

TEST_F(ModelTest, CasMissingIsEnoentWrongIsEexistsRightStores) {
  accept(ops::cas("k", "x", 1), st(ENGINE_KEY_ENOENT));
  accept(ops::set("k", "a"), results::stored(7));
  reject(ops::cas("k", "x", 8), results::stored(9));
  accept(ops::cas("k", "x", 8), st(ENGINE_KEY_EEXISTS));
  reject(ops::cas("k", "x", 7), st(ENGINE_KEY_EEXISTS));
  accept(ops::cas("k", "x", 7), results::stored(9));
  // The token is spent: the key changed.
  accept(ops::cas("k", "y", 7), st(ENGINE_KEY_EEXISTS));
  accept(ops::get("k"), results::value("x", 9));
}

TEST_F(ModelTest, SetWithNonZeroCasBehavesLikeCas) {
  Operation set_cas = ops::set("k", "x");
  set_cas.cas = 3;
  accept(set_cas, st(ENGINE_KEY_ENOENT));
  accept(ops::set("k", "a"), results::stored(3));
  set_cas.cas = 4;
  accept(set_cas, st(ENGINE_KEY_EEXISTS));
  set_cas.cas = 3;
  accept(set_cas, results::stored(5));
}

TEST_F(ModelTest, RemoveWithAndWithoutCas) {
  accept(ops::remove("k"), st(ENGINE_KEY_ENOENT));
  accept(ops::set("k", "a"), results::stored(3));
  accept(ops::remove("k", 4), st(ENGINE_KEY_EEXISTS));
  reject(ops::remove("k", 3), st(ENGINE_KEY_EEXISTS));
  accept(ops::remove("k", 3), st(ENGINE_SUCCESS));
  accept(ops::get("k"), st(ENGINE_KEY_ENOENT));
  accept(ops::set("k", "b"), results::stored(8));
  accept(ops::remove("k"), st(ENGINE_SUCCESS));
  accept(ops::add("k", "c"), results::stored(9));
}

TEST_F(ModelTest, IncrWrapsDecrFloorsResultStoredAsDecimal) {
  accept(ops::set("n", "18446744073709551615", 9), results::stored(1));
  reject(ops::incr("n", 2), results::number(0, 2));
  accept(ops::incr("n", 2), results::number(1, 2));
  accept(ops::get("n"), results::value("1", 2, 9));  // flags kept
  accept(ops::decr("n", 5), results::number(0, 3));
  accept(ops::incr("n", 15), results::number(15, 4));
  accept(ops::decr("n", 5), results::number(10, 5));
  accept(ops::get("n"), results::value("10", 5, 9));
}

TEST_F(ModelTest, ArithmeticOnNonNumbersIsEinval) {
  for (std::string v : {"abc"s, ""s, "12a"s, " 1"s, "-1"s, "18446744073709551616"s}) {
    accept(ops::set("n", v),
           results::stored(state_.items.empty() ? 1 : *state_.find("n")->cas + 1));
    reject(ops::incr("n", 1), results::number(1, 100));
    accept(ops::incr("n", 1), st(ENGINE_EINVAL));
    accept(ops::decr("n", 1), st(ENGINE_EINVAL));
  }
}

TEST_F(ModelTest, MoreThanTwentyDigitsMayGoEitherWay) {
  accept(ops::set("n", "000000000000000000007"), results::stored(1));
  EXPECT_EQ(model_.acceptable(state_, ops::incr("n", 1)).answers.size(), 2u);
  EXPECT_TRUE(model_.check(state_, ops::incr("n", 1), st(ENGINE_EINVAL)));
  accept(ops::incr("n", 1), results::number(8, 2));
}

TEST_F(ModelTest, ArithmeticCreateStoresInitialElseEnoent) {
  accept(ops::incr("n", 5), st(ENGINE_KEY_ENOENT));
  reject(ops::arithmetic(true, "n", 5, true, 42), results::number(47, 1));
  accept(ops::arithmetic(true, "n", 5, true, 42, 10), results::number(42, 1));
  accept(ops::get("n"), results::value("42", 1));
  EXPECT_EQ(state_.find("n")->exptime, kStartTime + 10u);
  accept(ops::arithmetic(false, "n", 2, true, 99), results::number(40, 2));
}

TEST_F(ModelTest, FlushNowRemovesEverythingAndCancelsADelayedFlush) {
  accept(ops::set("a", "1"), results::stored(1));
  accept(ops::flush(100), st(ENGINE_SUCCESS));
  accept(ops::set("b", "2"), results::stored(2));
  accept(ops::flush(0), st(ENGINE_SUCCESS));
  accept(ops::get("a"), st(ENGINE_KEY_ENOENT));
  accept(ops::get("b"), st(ENGINE_KEY_ENOENT));
  accept(ops::set("c", "3"), results::stored(3));
  advance_to(200);  // the cancelled delayed flush must not fire
  accept(ops::get("c"), results::value("3", 3));
}

TEST_F(ModelTest, DelayedFlushRemovesItemsModifiedBeforeItsTime) {
  accept(ops::set("old", "1"), results::stored(1));
  accept(ops::flush(10), st(ENGINE_SUCCESS));  // flush_at = 12
  advance_to(5);
  accept(ops::set("mid", "2"), results::stored(2));  // modified 5 < 12: dies too
  advance_to(11);
  accept(ops::get("old"), results::value("1", 1));
  advance_to(12);
  accept(ops::get("old"), st(ENGINE_KEY_ENOENT));
  accept(ops::get("mid"), st(ENGINE_KEY_ENOENT));
  accept(ops::set("new", "3"), results::stored(3));  // after the flush took effect
  advance_to(50);
  accept(ops::get("new"), results::value("3", 3));
}

TEST_F(ModelTest, RelativeExptimeExpiresOnTheVirtualClock) {
  accept(ops::set("k", "v", 0, 10), results::stored(1));  // exptime 12
  advance_to(11);
  accept(ops::get("k"), results::value("v", 1));
  advance_to(12);
  accept(ops::get("k"), st(ENGINE_KEY_ENOENT));
  accept(ops::replace("k", "w"), st(ENGINE_NOT_STORED));
  accept(ops::add("k", "w"), results::stored(2));
}

TEST_F(ModelTest, AbsoluteExptimeAboveThirtyDaysNegativeMeansExpired) {
  const int64_t started = model_.options().process_started_unix_sec;
  accept(ops::set("abs", "v", 0, started + 100), results::stored(1));
  EXPECT_EQ(state_.find("abs")->exptime, 100u);
  accept(ops::set("past", "v", 0, started - 5), results::stored(2));
  accept(ops::get("past"), st(ENGINE_KEY_ENOENT));
  accept(ops::set("neg", "v", 0, -1), results::stored(3));
  accept(ops::get("neg"), st(ENGINE_KEY_ENOENT));
  // Exactly 30 days is still relative.
  EXPECT_EQ(model_.server_exptime(kRealtimeMaxDeltaSec, 5), kRealtimeMaxDeltaSec + 5);
  advance_to(99);
  accept(ops::get("abs"), results::value("v", 1));
  advance_to(100);
  accept(ops::get("abs"), st(ENGINE_KEY_ENOENT));
}

TEST_F(ModelTest, RelativeExptimeIsConvertedAtTheCall) {
  advance_to(20);
  accept(ops::set("k", "v", 0, 10), results::stored(1), /*issued_at=*/15);
  EXPECT_EQ(state_.find("k")->exptime, 25u);
}

TEST_F(ModelTest, KeyAndValueLimits) {
  accept(ops::get(std::string(251, 'k')), st(ENGINE_EINVAL));
  accept(ops::set(""s, "v"), st(ENGINE_EINVAL));
  accept(ops::set(std::string(250, 'k'), "v"), results::stored(1));
  accept(ops::set("big", std::string(1024 * 1024 + 1, 'v')), st(ENGINE_E2BIG));
  accept(ops::set("fits", std::string(1024 * 1024, 'v')), results::stored(2));
}

TEST_F(ModelTest, BinaryKeysAreKeys) {
  const std::string key = "a\0/\xff"s;
  accept(ops::set(key, "v"), results::stored(1));
  accept(ops::get("a"), st(ENGINE_KEY_ENOENT));
  accept(ops::get(key), results::value("v", 1));
}

TEST_F(ModelTest, UncertainResultMayOrMayNotHaveTakenEffect) {
  auto next = model_.successors(state_, ops::set("k", "v"), results::notify_lost());
  ASSERT_EQ(next.size(), 2u);  // not yet, or stored with a CAS nobody saw
  state_ = next[1];
  ASSERT_NE(state_.find("k"), nullptr);
  EXPECT_FALSE(state_.find("k")->cas.has_value());
  // A CAS op cannot be judged against an unknown token...
  EXPECT_TRUE(model_.check(state_, ops::cas("k", "x", 5), st(ENGINE_KEY_EEXISTS)));
  EXPECT_TRUE(model_.check(state_, ops::cas("k", "x", 5), results::stored(6)));
  // ...until a get learns it.
  accept(ops::get("k"), results::value("v", 77));
  accept(ops::cas("k", "x", 5), st(ENGINE_KEY_EEXISTS));
  reject(ops::cas("k", "x", 5), results::stored(78));
}

TEST_F(ModelTest, AcceptableDescribesEveryAnswer) {
  accept(ops::set("k", "a"), results::stored(3));
  EXPECT_EQ(model_.acceptable(state_, ops::get("k")).describe(),
            "ENGINE_SUCCESS with value \"a\", flags 0, exptime 0, cas 3");
  EXPECT_EQ(model_.acceptable(state_, ops::add("k", "b")).describe(), "ENGINE_NOT_STORED");
  EXPECT_EQ(model_.acceptable(state_, ops::set("k", "b")).describe(),
            "ENGINE_SUCCESS with a new cas (not 3)");
}

class EvictingModelTest : public ModelTest {
 protected:
  EvictingModelTest() : ModelTest(ModelOptions{.may_evict = true}) {}
};

TEST_F(EvictingModelTest, AnItemMayVanishAndAStoreMayRunOutOfMemory) {
  accept(ops::set("k", "a"), results::stored(1));
  EXPECT_EQ(
      model_.acceptable(state_, ops::get("k")).describe(),
      "ENGINE_SUCCESS with value \"a\", flags 0, exptime 0, cas 1 or ENGINE_KEY_ENOENT (evicted)");
  EXPECT_TRUE(model_.check(state_, ops::set("x", "y"), st(ENGINE_ENOMEM)));
  accept(ops::get("k"), st(ENGINE_KEY_ENOENT));
  accept(ops::add("k", "b"), results::stored(2));
  reject(ops::get("k"), results::value("a", 1));  // evicted is gone for good
}

// No reply to a client carries the exptime get_item_info reports; memcached
// reads it only for TAP and its own incr/decr (internal_arithmetic). For an
// engine with neither, a wrong one is a strict finding.
TEST(ModelReportedExptime, IsCheckedAtRequiredOnlyWhereTheCoreReadsIt) {
  for (const bool read : {true, false}) {
    for (const Level level : {Level::required, Level::strict}) {
      Model m(ModelOptions{.level = level, .exptime_read_by_core = read});
      State s =
          m.successors(m.initial_state(), ops::set("k", "a", 0, 100), results::stored(1)).at(0);
      Result wrong = results::value("a", 1);
      wrong.exptime = 0;
      EXPECT_EQ(m.check(s, ops::get("k"), wrong), !read && level == Level::required)
          << "read " << read << " level " << static_cast<int>(level);
    }
  }
}

TEST(ModelWithoutCasFeature, CasValuesAreNotCheckedAndCasOpsGoEitherWay) {
  Model m(ModelOptions{.cas_feature = false});
  State s = m.successors(m.initial_state(), ops::set("k", "a"), results::stored(0)).at(0);
  EXPECT_TRUE(m.check(s, ops::get("k"), results::value("a", 0)));
  EXPECT_TRUE(m.check(s, ops::cas("k", "b", 9), st(ENGINE_KEY_EEXISTS)));
  EXPECT_TRUE(m.check(s, ops::cas("k", "b", 9), results::stored(0)));
  EXPECT_TRUE(m.check(s, ops::remove("k", 9), st(ENGINE_SUCCESS)));
  EXPECT_FALSE(m.check(s, ops::cas("k", "b", 9), st(ENGINE_KEY_ENOENT)));
}

TEST(SequentialChecker, FollowsResultsAndExplainsARejection) {
  SequentialChecker c{Model()};
  std::string why;
  ASSERT_TRUE(c.step(ops::set("k", "a"), results::stored(1), &why)) << why;
  ASSERT_TRUE(c.step(ops::append("k", "b"), results::stored(2), &why)) << why;
  EXPECT_FALSE(c.step(ops::get("k"), results::value("a", 1), &why));
  EXPECT_NE(why.find("memcached allows ENGINE_SUCCESS with value \"ab\""), std::string::npos)
      << why;
}

TEST(SequentialChecker, RejectsACasHandedOutTwiceForOneKey) {
  SequentialChecker c{Model()};
  std::string why;
  ASSERT_TRUE(c.step(ops::set("k", "a"), results::stored(5), &why));
  ASSERT_TRUE(c.step(ops::remove("k"), st(ENGINE_SUCCESS), &why));
  EXPECT_FALSE(c.step(ops::add("k", "b"), results::stored(5), &why));
  EXPECT_NE(why.find("already handed out"), std::string::npos) << why;
}

TEST(TextForm, QuoteAndTokenizeRoundTripEveryByte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  std::string error;
  auto tokens = tokenize("x=" + quote(all) + " " + quote("a -> \"b\""), &error);
  ASSERT_TRUE(tokens) << error;
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_EQ((*tokens)[0].name, "x");
  EXPECT_EQ((*tokens)[0].text, all);
  EXPECT_EQ((*tokens)[1].text, "a -> \"b\"");
  EXPECT_EQ(quote("\x01\x41"
                  "B"),
            "\"\\x01AB\"");
}

TEST(TextForm, OperationsAndResultsRoundTrip) {
  const std::vector<Operation> all = {
      ops::get("k\0\n"s),     ops::set("k", "v", 3, 10),
      ops::add("k", "v"),     ops::replace("k", "v", 0, -1),
      ops::append("k", "->"), ops::prepend("k", "\""),
      ops::cas("k", "v", 0),  ops::cas("k", "v", 99, 1, 1700000000),
      ops::remove("k", 4),    ops::remove("k"),
      ops::incr("k", 3),      ops::arithmetic(false, "k", 1, true, 7, 30),
      ops::flush(),           ops::flush(60),
      ops::advance_time(40),
  };
  for (const Operation& op : all) {
    std::string error;
    auto back = parse_operation(to_text(op), &error);
    ASSERT_TRUE(back) << to_text(op) << ": " << error;
    EXPECT_EQ(*back, op) << to_text(op);
  }
  Result r = results::value("a\xff", 12, 4);
  r.exptime = 30;
  for (const Result& x : {r, results::number(5, 6), results::pending(), results::notify_lost(),
                          results::status(ENGINE_KEY_EEXISTS)}) {
    std::string error;
    auto back = parse_result(to_text(x), &error);
    ASSERT_TRUE(back) << to_text(x) << ": " << error;
    EXPECT_EQ(*back, x) << to_text(x);
  }
  EXPECT_EQ(to_text(ops::set("k", "v", 3)), "set \"k\" \"v\" flags=3");
}

TEST(TextForm, MalformedOperationsSayWhatIsWrong) {
  std::string error;
  EXPECT_FALSE(parse_operation("fetch \"k\"", &error));
  EXPECT_NE(error.find("unknown operation 'fetch'"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("get \"k\" flags=1", &error));
  EXPECT_NE(error.find("flags= is not a field of get"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("set \"k\"", &error));
  EXPECT_NE(error.find("set needs a quoted value"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("get \"k\\q\"", &error));
  EXPECT_NE(error.find("unknown escape \\q"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("get \"k", &error));
  EXPECT_NE(error.find("not closed"), std::string::npos) << error;
  EXPECT_FALSE(parse_result("SUCCESS", &error));
  EXPECT_FALSE(parse_operation("incr \"k\" delta=-1", &error));
}

const char* kHistory = R"(enginesim-history 1
# a comment
options cas_feature=1 may_evict=1 process_started=1000000000 item_size_max=100 key_max=10 start_time=7
conn=1 call=1 ret=4 time=7..7 set "k" "v" -> ENGINE_SUCCESS cas=5
conn=2 call=2 ret=3 get "k" -> ENGINE_KEY_ENOENT
conn=2 call=5 ret=- time=8..- append "k" "w" -> pending
conn=1 call=6 ret=7 incr "n" delta=1 -> notify_lost
)";

TEST(HistoryFile, ParsesWritesAndRoundTrips) {
  ParseError error;
  auto h = parse_history(kHistory, &error);
  ASSERT_TRUE(h) << error.describe();
  EXPECT_TRUE(h->model.may_evict);
  EXPECT_EQ(h->model.item_size_max, 100u);
  EXPECT_EQ(h->start_time, 7u);
  ASSERT_EQ(h->entries.size(), 4u);
  EXPECT_EQ(h->entries[2].result.completion, Completion::pending);
  EXPECT_EQ(h->entries[2].call_time, 8u);
  EXPECT_FALSE(h->entries[2].return_time.has_value());
  auto again = parse_history(write_history(*h), &error);
  ASSERT_TRUE(again) << error.describe() << "\n" << write_history(*h);
  EXPECT_EQ(*again, *h);
}

// The parse error for `text` (with the magic line prepended).
ParseError error_of(const std::string& body, bool magic = true) {
  ParseError error;
  EXPECT_FALSE(parse_history((magic ? "enginesim-history 1\n" : "") + body, &error)) << body;
  return error;
}

TEST(HistoryFile, ErrorsNameTheLineAndWhatToDo) {
  ParseError e = error_of("hello\n", false);
  EXPECT_EQ(e.line, 1u);
  EXPECT_NE(e.message.find("first line must be 'enginesim-history 1'"), std::string::npos);
  e = error_of("enginesim-history 2\n", false);
  EXPECT_NE(e.message.find("unsupported history version"), std::string::npos);
  e = error_of("\nconn=1 call=1 ret=2 get \"k\"\n");
  EXPECT_EQ(e.line, 3u);
  EXPECT_NE(e.message.find("' -> RESULT'"), std::string::npos);
  e = error_of(
      "conn=1 call=1 ret=2 get \"k\" -> ENGINE_KEY_ENOENT\n"
      "conn=1 call=2 ret=3 get \"k\" -> ENGINE_KEY_ENOENT\n");
  EXPECT_EQ(e.line, 3u);
  EXPECT_NE(e.message.find("used twice"), std::string::npos) << e.message;
  e = error_of(
      "conn=1 call=1 ret=5 get \"k\" -> ENGINE_KEY_ENOENT\n"
      "conn=1 call=3 ret=4 get \"k\" -> ENGINE_KEY_ENOENT\n");
  EXPECT_EQ(e.line, 3u);
  EXPECT_NE(e.message.find("one operation at a time"), std::string::npos) << e.message;
  e = error_of("conn=1 call=1 ret=- get \"k\" -> ENGINE_KEY_ENOENT\n");
  EXPECT_NE(e.message.find("ret=- goes with the result 'pending'"), std::string::npos);
  e = error_of("conn=1 call=4 ret=2 get \"k\" -> ENGINE_KEY_ENOENT\n");
  EXPECT_NE(e.message.find("ret= must come after call="), std::string::npos);
  e = error_of("conn=1 call=1 ret=2 get \"k\" -> ENGINE_KEY_ENOENT\noptions may_evict=1\n");
  EXPECT_EQ(e.line, 3u);
  e = error_of("conn=1 call=1 ret=2 get \"k\" -> ENGINE_SUCCESS value=\"unclosed\n");
  EXPECT_NE(e.message.find("not closed"), std::string::npos);
}

// What an engine shows of itself, one reading for run, explore and check:
// the CAS feature from get_info, and whether the core reads the reported
// exptime (a TAP iterator, or no arithmetic: core_reads_item_exptime).
TEST(ModelOptionsShownBy, ReadsTheCasFeatureAndWhetherTheCoreReadsTheExptime) {
  engine_info with_cas{"e", 1, {{ENGINE_FEATURE_CAS, "cas"}}};
  engine_info without{"e", 0, {{ENGINE_FEATURE_CAS, nullptr}}};
  EXPECT_TRUE(options_shown_by(&with_cas, nullptr).cas_feature);
  EXPECT_FALSE(options_shown_by(&without, nullptr).cas_feature);
  EXPECT_FALSE(options_shown_by(nullptr, nullptr).cas_feature);

  ENGINE_HANDLE_V1 v1{};
  EXPECT_TRUE(options_shown_by(nullptr, &v1).exptime_read_by_core);  // no arithmetic
  EXPECT_TRUE(options_shown_by(nullptr, &v1).core_arithmetic);
  v1.arithmetic = [](ENGINE_HANDLE*, const void*, const void*, const int, const bool, const bool,
                     const uint64_t, const uint64_t, const rel_time_t, uint64_t*, uint64_t*,
                     uint16_t) { return ENGINE_ENOTSUP; };
  EXPECT_FALSE(options_shown_by(nullptr, &v1).exptime_read_by_core);
  EXPECT_FALSE(options_shown_by(nullptr, &v1).core_arithmetic);
  v1.get_tap_iterator = [](ENGINE_HANDLE*, const void*, const void*, size_t, uint32_t, const void*,
                           size_t) -> TAP_ITERATOR { return nullptr; };
  EXPECT_TRUE(options_shown_by(nullptr, &v1).exptime_read_by_core);  // TAP ships it
}

// memcached's own incr/decr (an engine without arithmetic) creates with an
// OPERATION_CAS store and no CAS set, which the default engine refuses with
// KEY_ENOENT (internal_arithmetic, memcached.c@82fb476:6016-6030): allowed,
// without effect, at every level, and only then.
TEST(ModelCoreArithmetic, ACreateMayBeRefusedKeyEnoentOnlyWhenTheCoreDoesIncrDecr) {
  for (const bool core : {false, true}) {
    for (const Level level : {Level::required, Level::strict}) {
      Model m(ModelOptions{.level = level, .core_arithmetic = core});
      Operation incr = ops::incr("c", 3);
      incr.create = true;
      incr.initial = 10;
      const auto next = m.successors(m.initial_state(), incr, results::status(ENGINE_KEY_ENOENT));
      ASSERT_EQ(next.size(), core ? 1u : 0u) << core << " " << to_string(level);
      if (core) { EXPECT_EQ(next[0].find("c"), nullptr); }
    }
  }
}

}  // namespace

}  // namespace enginesim::model
