// test_model_refusals.cpp - what the model allows when an engine refuses or
// drops an operation: a full cache's ENOMEM and TMPFAIL, the core's remove
// after a SET's failed allocate, and ENGINE_DISCONNECT.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/model/model.h"
#include "harness/model/perform.h"
#include "harness/model/text_codec.h"
#include "tests/harness/model/results_short.h"

namespace enginesim::model {
namespace {

// Without eviction an item never vanishes; a refusal for memory is an
// allowance of the required level only (ModelMemoryRefusal).
TEST(ModelWithoutEviction, NeverAcceptsAMissAndEnomemOnlyAtTheRequiredLevel) {
  for (Level level : {Level::required, Level::strict}) {
    Model m(ModelOptions{.level = level});
    State s = m.successors(m.initial_state(), ops::set("k", "a"), results::stored(1)).at(0);
    EXPECT_FALSE(m.check(s, ops::get("k"), st(ENGINE_KEY_ENOENT)));
    EXPECT_EQ(m.check(s, ops::set("k", "b"), st(ENGINE_ENOMEM)), level == Level::required);
  }
}

// memcached removes the key after a binary SET's failed allocate
// (process_bin_update), a CAS set's only where the CAS matches; ADD does not.
TEST(ModelRefusedSet, MayLeaveTheKeyRemovedByTheCore) {
  Model m(ModelOptions{.item_size_max = 10});
  State s = m.successors(m.initial_state(), ops::set("k", "a"), results::stored(1)).at(0);
  const std::string big(10, 'b');
  auto after = [&](const Operation& op) { return m.successors(s, op, st(ENGINE_E2BIG)); };
  auto holds = [&](const std::vector<State>& states, const Result& got) {
    for (const State& t : states) {
      if (m.check(t, ops::get("k"), got)) return true;
    }
    return false;
  };
  for (const Operation& op : {ops::set("k", big), ops::cas("k", big, 1)}) {
    EXPECT_TRUE(holds(after(op), st(ENGINE_KEY_ENOENT))) << to_text(op);
    EXPECT_TRUE(holds(after(op), results::value("a", 1))) << to_text(op);
  }
  EXPECT_FALSE(holds(after(ops::cas("k", big, 7)), st(ENGINE_KEY_ENOENT)));
  EXPECT_FALSE(holds(after(ops::add("k", big)), st(ENGINE_KEY_ENOENT)));
}

// memcached passes a full cache's ENOMEM and TMPFAIL on for stores and
// incr/decr (complete_update_bin, complete_incr_bin): allowed without effect
// at the required level, and at strict for an engine that fills up
// (may_evict); a refused SET may also have its key removed by the core.
// Nothing else may answer them, and nothing refused may become visible.
// A remove too: process_bin_delete answers its ENOMEM or TMPFAIL with EINVAL
// and goes on (memcached.c@82fb476:3216); the model rejected it before.
TEST(ModelMemoryRefusal, AStoreOrIncrMayBeRefusedWithoutEffect) {
  for (Level level : {Level::required, Level::strict}) {
    ModelOptions options;
    options.level = level;
    options.may_evict = level == Level::strict;
    Model m(options);
    State s = m.successors(m.initial_state(), ops::set("k", "7"), results::stored(1)).at(0);
    auto holds = [&](const std::vector<State>& states, const Operation& op, const Result& got) {
      for (const State& t : states) {
        if (m.check(t, op, got)) return true;
      }
      return false;
    };
    for (ENGINE_ERROR_CODE refusal : {ENGINE_ENOMEM, ENGINE_TMPFAIL}) {
      const std::string what = status_text(refusal) + (level == Level::strict ? " strict" : "");
      for (const Operation& op : {ops::set("k", "9"), ops::add("j", "9"), ops::append("k", "9"),
                                  ops::incr("k", 1), ops::cas("k", "9", 1), ops::remove("k")}) {
        const std::vector<State> after = m.successors(s, op, st(refusal));
        ASSERT_FALSE(after.empty()) << what << " " << to_text(op);
        EXPECT_TRUE(holds(after, ops::get("k"), results::value("7", 1))) << what << to_text(op);
        EXPECT_FALSE(holds(after, ops::get("k"), results::value("9", 2))) << what << to_text(op);
        EXPECT_FALSE(holds(after, ops::get("k"), results::value("79", 2))) << what << to_text(op);
        EXPECT_TRUE(holds(after, ops::get("j"), st(ENGINE_KEY_ENOENT))) << what << to_text(op);
      }
      // The core removes a refused SET's key, and a refused CAS set's where the CAS matches.
      EXPECT_TRUE(holds(m.successors(s, ops::set("k", "9"), st(refusal)), ops::get("k"),
                        st(ENGINE_KEY_ENOENT)));
      if (!options.may_evict) {  // with eviction any key may vanish
        EXPECT_FALSE(holds(m.successors(s, ops::cas("k", "9", 5), st(refusal)), ops::get("k"),
                           st(ENGINE_KEY_ENOENT)));
        EXPECT_FALSE(holds(m.successors(s, ops::append("k", "9"), st(refusal)), ops::get("k"),
                           st(ENGINE_KEY_ENOENT)));
      }
      // A get never answers a refusal for memory (process_bin_get aborts on
      // any status it has no case for); a remove may, without effect.
      EXPECT_FALSE(m.check(s, ops::get("k"), st(refusal))) << what;
      EXPECT_TRUE(m.check(s, ops::remove("k"), st(refusal))) << what;
    }
  }
}

// ENGINE_ENOTSUP: memcached answers NOT_SUPPORTED (EINVAL for a remove);
// an engine without counters says so. Without effect, at the required level.
TEST(ModelUnsupported, AnyOperationMayBeUnsupportedWithoutEffectAtTheRequiredLevel) {
  for (Level level : {Level::required, Level::strict}) {
    ModelOptions options;
    options.level = level;
    Model m(options);
    const State s = m.successors(m.initial_state(), ops::set("k", "7"), results::stored(1)).at(0);
    for (const Operation& op : {ops::get("k"), ops::set("k", "9"), ops::append("k", "9"),
                                ops::incr("k", 1), ops::remove("k"), ops::flush()}) {
      const std::vector<State> after = m.successors(s, op, st(ENGINE_ENOTSUP));
      EXPECT_EQ(after.empty(), level == Level::strict) << to_text(op);
      for (const State& t : after) {
        const bool kept = m.check(t, ops::get("k"), results::value("7", 1));
        // Only a SET's refused allocate lets the core remove the key.
        EXPECT_TRUE(kept || op.kind == OpKind::set) << to_text(op);
        EXPECT_FALSE(m.check(t, ops::get("k"), results::value("9", 2))) << to_text(op);
        EXPECT_FALSE(m.check(t, ops::get("k"), results::value("79", 2))) << to_text(op);
        EXPECT_FALSE(m.check(t, ops::get("k"), results::value("8", 2))) << to_text(op);
      }
    }
  }
}

// ENGINE_DISCONNECT: memcached closes the connection (or answers EINVAL to a
// remove or a flush), so the client learns nothing of the effect.
TEST(ModelDisconnect, AnOperationAnsweredDisconnectMayOrMayNotHaveTakenEffect) {
  Model m;
  const State s = m.initial_state();
  const std::vector<State> after = m.successors(s, ops::set("k", "a"), results::disconnect());
  EXPECT_TRUE(results::disconnect().uncertain());
  EXPECT_EQ(to_text(results::disconnect()), "disconnect");
  std::string error;
  const auto parsed = parse_result("disconnect", &error);
  ASSERT_TRUE(parsed.has_value()) << error;
  EXPECT_EQ(parsed->completion, Completion::disconnect);
  bool miss = false, hit = false;
  for (const State& t : after) {
    miss = miss || m.check(t, ops::get("k"), st(ENGINE_KEY_ENOENT));
    hit = hit || m.check(t, ops::get("k"), results::value("a", 1));
  }
  EXPECT_TRUE(miss);
  EXPECT_TRUE(hit);
  // As the simulation records it: an engine's ENGINE_DISCONNECT answer.
  OpResult r;
  r.status = ENGINE_DISCONNECT;
  EXPECT_EQ(result_of(ops::get("k"), r).completion, Completion::disconnect);
}

}  // namespace
}  // namespace enginesim::model
