// test_model_allowances.cpp - the model's allowances for memcached's default
// engine (docs/core-fidelity.md, "Model allowances"): each is present at
// Level::required and withdrawn at Level::strict.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/model/model.h"
#include "harness/model/text_codec.h"
#include "tests/harness/model/results_short.h"

namespace enginesim::model {

// The allowances docs/core-fidelity.md cites, each present at Level::required
// and withdrawn at Level::strict.
TEST(AllowanceTest, DelayedFlushMayTakeEffectOneSecondEarly) {
  for (Level level : {Level::required, Level::strict}) {
    Model m(ModelOptions{.level = level});
    State s = m.initial_state();
    auto after = [&](const Operation& op, const Result& r) {
      auto next = m.successors(s, op, r);
      if (next.empty()) return false;
      s = next[0];
      return true;
    };
    ASSERT_TRUE(after(ops::set("k", "v"), results::stored(1)));
    // flush(10) at time 2 is due at 12; the default engine's is gone at 11.
    bool gone_allowed = false;
    for (const State& flushed : m.successors(s, ops::flush(10), st(ENGINE_SUCCESS))) {
      for (const State& t : m.successors(flushed, ops::advance_time(11), Result{})) {
        gone_allowed = gone_allowed || m.check(t, ops::get("k"), st(ENGINE_KEY_ENOENT));
      }
    }
    EXPECT_EQ(gone_allowed, level == Level::required) << to_string(level);
  }
}

// memcached's default engine flushes lazily (engines/default_engine/
// items.c@1b4ba6b: item_flush_expired only moves oldest_live; do_item_get
// unlinks a dead item when its key is next used): an item a flush killed
// stays linked, and a later delayed flush, moving oldest_live past now,
// brings it back until that flush takes effect, unless an access of the key
// unlinked it first. Found by `enginesim check` on the period engine, which
// is written as the 2010 default engine (engine/testing/period/items.c).
TEST(AllowanceTest, ALaterDelayedFlushMayReviveAnUntouchedFlushedItem) {
  for (Level level : {Level::required, Level::strict}) {
    for (bool touched_between : {false, true}) {
      SCOPED_TRACE(std::string(to_string(level)) + (touched_between ? ", key read between" : ""));
      Model m(ModelOptions{.level = level});
      std::vector<State> states{m.initial_state()};
      auto step = [&](const Operation& op, const Result& r) {
        std::vector<State> next;
        for (const State& s : states) {
          for (State& t : m.successors(s, op, r)) next.push_back(std::move(t));
        }
        states = std::move(next);
        return !states.empty();
      };
      auto allowed = [&](const Operation& op, const Result& r) {
        for (const State& s : states) {
          if (m.check(s, op, r)) return true;
        }
        return false;
      };
      ASSERT_TRUE(step(ops::set("k", "v"), results::stored(1)));  // at time 2
      ASSERT_TRUE(step(ops::advance_time(10), Result{}));
      ASSERT_TRUE(step(ops::flush(0), st(ENGINE_SUCCESS)));  // oldest_live 9: k is dead
      EXPECT_FALSE(allowed(ops::get("k"), results::value("v", 1)));
      if (touched_between) {
        ASSERT_TRUE(step(ops::get("k"), st(ENGINE_KEY_ENOENT)));  // unlinked
      }
      ASSERT_TRUE(step(ops::flush(20), st(ENGINE_SUCCESS)));       // oldest_live 29: ahead of now
      EXPECT_TRUE(allowed(ops::get("k"), st(ENGINE_KEY_ENOENT)));  // reaped or never revived
      EXPECT_EQ(allowed(ops::get("k"), results::value("v", 1)),
                level == Level::required && !touched_between);
      // Revived, it is alive until the new flush takes effect, and then dead.
      if (level == Level::required && !touched_between) {
        std::vector<State> keep = states;
        ASSERT_TRUE(step(ops::get("k"), results::value("v", 1)));
        EXPECT_FALSE(allowed(ops::get("k"), st(ENGINE_KEY_ENOENT)));  // resolved: alive
        states = keep;
      }
      ASSERT_TRUE(step(ops::advance_time(31), Result{}));
      EXPECT_FALSE(allowed(ops::get("k"), results::value("v", 1)));
    }
  }
}

TEST(AllowanceTest, ShorterNumberMayBeSpacePadded) {
  for (Level level : {Level::required, Level::strict}) {
    Model m(ModelOptions{.level = level});
    State s = m.successors(m.initial_state(), ops::set("k", "100"), results::stored(1))[0];
    auto next = m.successors(s, ops::decr("k", 1), results::number(99, 2));
    bool padded = false;
    for (const State& t : next) {
      padded = padded || m.check(t, ops::get("k"), results::value("99 ", 2));
    }
    EXPECT_EQ(padded, level == Level::required) << to_string(level);
  }
}

TEST(AllowanceTest, EmptyValueMayCountAsZero) {
  for (Level level : {Level::required, Level::strict}) {
    Model m(ModelOptions{.level = level});
    State s = m.successors(m.initial_state(), ops::set("k", ""), results::stored(1))[0];
    EXPECT_TRUE(m.check(s, ops::incr("k", 5), st(ENGINE_EINVAL)));
    EXPECT_EQ(m.check(s, ops::incr("k", 5), results::number(5, 2)), level == Level::required);
  }
}

TEST(AllowanceTest, WholeItemLimitMayRefuseAValueNearItemSizeMax) {
  for (Level level : {Level::required, Level::strict}) {
    Model m(ModelOptions{.item_size_max = 4096, .level = level});
    const std::string near(4096 - 2 - 100, 'x');
    EXPECT_EQ(m.check(m.initial_state(), ops::set("k", near), st(ENGINE_E2BIG)),
              level == Level::required);
    EXPECT_TRUE(
        m.check(m.initial_state(), ops::set("k", std::string(100, 'x')), results::stored(1)));
  }
}

// The item size limit is the engine's: memcached never checks a length
// against -I. A value above item_size_max is E2BIG or, at the required
// level, stored by an engine whose limit is higher.
TEST(AllowanceTest, AValueAboveItemSizeMaxMayBeStoredByAnEngineWithAHigherLimit) {
  for (Level level : {Level::required, Level::strict}) {
    Model m(ModelOptions{.item_size_max = 4096, .level = level});
    const std::string big(5000, 'x');
    EXPECT_TRUE(m.check(m.initial_state(), ops::set("k", big), st(ENGINE_E2BIG)));
    const std::vector<State> after =
        m.successors(m.initial_state(), ops::set("k", big), results::stored(1));
    ASSERT_EQ(after.empty(), level == Level::strict);
    if (!after.empty()) { EXPECT_TRUE(m.check(after[0], ops::get("k"), results::value(big, 1))); }
  }
}

// 1.6.0-beta1 (engine_converts_exptime): the core hands a store's exptime to
// the engine raw, -1 as rel_time_t 4294967295, and memcached's default engine
// converts that with the core's realtime(), a unix time decades ahead: the
// item lives. The 2010 core converts it itself: already expired, only.
TEST(AllowanceTest, ANegativeExptimeTheEngineConvertsMayLive) {
  for (bool engine_converts : {true, false}) {
    for (Level level : {Level::required, Level::strict}) {
      Model m(ModelOptions{.level = level, .engine_converts_exptime = engine_converts});
      Operation set = ops::set("k", "v");
      set.exptime = -1;
      const std::vector<State> next = m.successors(m.initial_state(), set, results::stored(1));
      ASSERT_FALSE(next.empty());
      bool lives = false, expired = false;
      for (const State& t : next) {
        lives = lives || m.check(t, ops::get("k"), results::value("v", 1));
        expired = expired || m.check(t, ops::get("k"), st(ENGINE_KEY_ENOENT));
      }
      EXPECT_TRUE(expired) << engine_converts << " " << to_string(level);
      EXPECT_EQ(lives, engine_converts && level == Level::required)
          << engine_converts << " " << to_string(level);
    }
  }
}

}  // namespace enginesim::model
