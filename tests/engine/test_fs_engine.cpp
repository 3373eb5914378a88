// test_fs_engine.cpp - the fs engine's operation semantics, in each mode
// (sync, async = a thread per request, pool = worker threads).
#include <cstring>
#include <string>

#include "fs_fixture.h"

namespace enginesim {
namespace {

TEST_P(FsEngineTest, InfoNamesModeAndAdvertisesCas) {
  ASSERT_NE(engine_->info(), nullptr);
  EXPECT_STREQ(engine_->info()->description, ("enginesim fs engine (mode=" + mode() + ")").c_str());
  EXPECT_TRUE(engine_->has_feature(ENGINE_FEATURE_CAS));
}

TEST_P(FsEngineTest, SetThenGetReturnsValueFlagsExptimeAndCas) {
  OpResult s = set("k", "hello", 42, 100);
  ASSERT_TRUE(s.ok()) << status_name(s.status) << s.problem;
  EXPECT_NE(s.cas, 0u);
  EXPECT_EQ(s.blocks > 0, blocking_mode());
  OpResult g = get("k");
  ASSERT_TRUE(g.ok()) << status_name(g.status) << g.problem;
  EXPECT_EQ(g.value, "hello");
  EXPECT_EQ(g.flags, 42u);
  EXPECT_EQ(g.exptime, core_.clock().realtime(100));
  EXPECT_EQ(g.cas, s.cas);
  EXPECT_EQ(g.blocks > 0, blocking_mode());
  EXPECT_TRUE(set("k", "").ok());
  EXPECT_EQ(get("k").value, "");
}

TEST_P(FsEngineTest, GetOfMissingKeyIsEnoent) { EXPECT_EQ(get("nope").status, ENGINE_KEY_ENOENT); }

TEST_P(FsEngineTest, AddStoresOnlyWhenMissing) {
  EXPECT_TRUE(store(OPERATION_ADD, "a", "1").ok());
  EXPECT_EQ(store(OPERATION_ADD, "a", "2").status, ENGINE_NOT_STORED);
  EXPECT_EQ(get("a").value, "1");
}

TEST_P(FsEngineTest, AddSucceedsOverAnExpiredItem) {
  ASSERT_TRUE(set("a", "old", 0, 5).ok());
  core_.clock().advance_sec(5);
  EXPECT_TRUE(store(OPERATION_ADD, "a", "new").ok());
  EXPECT_EQ(get("a").value, "new");
  EXPECT_EQ(stat("curr_items"), 1u);
}

TEST_P(FsEngineTest, ReplaceStoresOnlyWhenPresent) {
  EXPECT_EQ(store(OPERATION_REPLACE, "r", "1").status, ENGINE_NOT_STORED);
  EXPECT_EQ(get("r").status, ENGINE_KEY_ENOENT);
  ASSERT_TRUE(set("r", "1").ok());
  EXPECT_TRUE(store(OPERATION_REPLACE, "r", "2").ok());
  EXPECT_EQ(get("r").value, "2");
}

TEST_P(FsEngineTest, AppendAndPrependJoinAndKeepTheOldFlagsAndExptime) {
  ASSERT_TRUE(set("k", "mid", 7, 1000).ok());
  OpResult a = client_->store(*conn_, OPERATION_APPEND, "k", "-end", 99, 5);
  ASSERT_TRUE(a.ok()) << status_name(a.status);
  ASSERT_TRUE(client_->store(*conn_, OPERATION_PREPEND, "k", "start-", 98, 6).ok());
  OpResult g = get("k");
  EXPECT_EQ(g.value, "start-mid-end");
  EXPECT_EQ(g.flags, 7u);
  EXPECT_EQ(g.exptime, core_.clock().realtime(1000));
  EXPECT_EQ(store(OPERATION_APPEND, "none", "x").status, ENGINE_NOT_STORED);
  EXPECT_EQ(store(OPERATION_PREPEND, "none", "x").status, ENGINE_NOT_STORED);
  EXPECT_EQ(get("none").status, ENGINE_KEY_ENOENT);
}

TEST_P(FsEngineTest, AppendWithAWrongCasIsRefused) {
  OpResult s = set("k", "a");
  EXPECT_EQ(store(OPERATION_APPEND, "k", "b", s.cas + 100).status, ENGINE_KEY_EEXISTS);
  EXPECT_TRUE(store(OPERATION_APPEND, "k", "c", s.cas).ok());
  EXPECT_EQ(get("k").value, "ac");
}

TEST_P(FsEngineTest, CasComparesWithTheCurrentCas) {
  EXPECT_EQ(store(OPERATION_CAS, "c", "x", 1).status, ENGINE_KEY_ENOENT);
  OpResult s = set("c", "1");
  EXPECT_EQ(store(OPERATION_CAS, "c", "2", s.cas + 1).status, ENGINE_KEY_EEXISTS);
  OpResult c = store(OPERATION_CAS, "c", "3", s.cas);
  ASSERT_TRUE(c.ok());
  EXPECT_GT(c.cas, s.cas);
  EXPECT_EQ(store(OPERATION_CAS, "c", "4", s.cas).status, ENGINE_KEY_EEXISTS);
  OpResult g = get("c");
  EXPECT_EQ(g.value, "3");
  EXPECT_EQ(g.cas, c.cas);
}

TEST_P(FsEngineTest, SetWithACasBehavesLikeCas) {
  EXPECT_EQ(store(OPERATION_SET, "s", "x", 5).status, ENGINE_KEY_ENOENT);
  OpResult s = set("s", "1");
  EXPECT_EQ(store(OPERATION_SET, "s", "2", s.cas + 1).status, ENGINE_KEY_EEXISTS);
  EXPECT_TRUE(store(OPERATION_SET, "s", "3", s.cas).ok());
  EXPECT_EQ(get("s").value, "3");
}

TEST_P(FsEngineTest, EveryMutationGetsAStrictlyGreaterCas) {
  uint64_t last = 0;
  for (int i = 0; i < 5; ++i) {
    OpResult s = set("k" + std::to_string(i % 2), "v");
    ASSERT_TRUE(s.ok());
    EXPECT_GT(s.cas, last);
    last = s.cas;
    OpResult a = client_->arithmetic(*conn_, "n", true, 1, true, 0);
    ASSERT_TRUE(a.ok());
    EXPECT_GT(a.cas, last);
    last = a.cas;
  }
}

TEST_P(FsEngineTest, RemoveHonoursCas) {
  EXPECT_EQ(remove("d").status, ENGINE_KEY_ENOENT);
  OpResult s = set("d", "v");
  EXPECT_EQ(remove("d", s.cas + 1).status, ENGINE_KEY_EEXISTS);
  EXPECT_TRUE(get("d").ok());
  EXPECT_EQ(remove("d", s.cas).status, ENGINE_SUCCESS);
  EXPECT_EQ(get("d").status, ENGINE_KEY_ENOENT);
  ASSERT_TRUE(set("d", "v").ok());
  EXPECT_EQ(remove("d").status, ENGINE_SUCCESS);
  EXPECT_EQ(remove("d").status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(files().empty());
}

TEST_P(FsEngineTest, IncrWrapsAndDecrFloorsAtZero) {
  ASSERT_TRUE(set("n", "10", 3).ok());
  OpResult i = incr("n", 5);
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i.number, 15u);
  EXPECT_NE(i.cas, 0u);
  OpResult g = get("n");
  EXPECT_EQ(g.value, "15");
  EXPECT_EQ(g.flags, 3u);
  EXPECT_EQ(g.cas, i.cas);
  EXPECT_EQ(decr("n", 20).number, 0u);
  EXPECT_EQ(get("n").value, "0");
  ASSERT_TRUE(set("n", "18446744073709551615").ok());
  EXPECT_EQ(incr("n", 2).number, 1u);
  EXPECT_EQ(get("n").value, "1");
  EXPECT_EQ(incr("missing", 1).status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(decr("missing", 1).status, ENGINE_KEY_ENOENT);
}

TEST_P(FsEngineTest, ArithmeticRejectsValuesThatAreNotNumbers) {
  for (const char* bad : {"abc", "", "12a", "-1", " 1", "18446744073709551616"}) {
    ASSERT_TRUE(set("n", bad).ok());
    EXPECT_EQ(incr("n", 1).status, ENGINE_EINVAL) << '"' << bad << '"';
    EXPECT_EQ(get("n").value, bad);
  }
}

TEST_P(FsEngineTest, ArithmeticCreatesWithInitialAndExptime) {
  OpResult c = client_->arithmetic(*conn_, "n", true, 5, true, 100, 10);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.number, 100u);
  OpResult g = get("n");
  EXPECT_EQ(g.value, "100");
  EXPECT_EQ(g.cas, c.cas);
  EXPECT_EQ(g.exptime, core_.clock().realtime(10));
  // An existing item keeps its exptime.
  EXPECT_EQ(client_->arithmetic(*conn_, "n", false, 1, true, 7, 999).number, 99u);
  EXPECT_EQ(get("n").exptime, g.exptime);
  core_.clock().advance_sec(10);
  EXPECT_EQ(get("n").status, ENGINE_KEY_ENOENT);
}

TEST_P(FsEngineTest, ExpiryIsLazyAndFollowsTheVirtualClock) {
  ASSERT_TRUE(set("e", "v", 0, 10).ok());
  ASSERT_TRUE(set("forever", "v").ok());
  core_.clock().advance_sec(9);
  EXPECT_TRUE(get("e").ok());
  EXPECT_EQ(stat("curr_items"), 2u);
  core_.clock().advance_sec(1);
  EXPECT_EQ(files().size(), 2u);  // nothing removed until someone looks
  EXPECT_EQ(get("e").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(files().size(), 1u);
  EXPECT_EQ(stat("curr_items"), 1u);
  EXPECT_EQ(remove("e").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(store(OPERATION_REPLACE, "e", "x").status, ENGINE_NOT_STORED);
  core_.clock().advance_sec(100000);
  EXPECT_TRUE(get("forever").ok());
}

TEST_P(FsEngineTest, NegativeExptimeIsAlreadyExpired) {
  ASSERT_TRUE(set("e", "v", 0, -1).ok());
  EXPECT_EQ(get("e").status, ENGINE_KEY_ENOENT);
}

TEST_P(FsEngineTest, FlushNowRemovesEverything) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(set("k" + std::to_string(i), "v").ok());
  ASSERT_TRUE(set(std::string(200, 'L'), "long").ok());
  // In every mode on the caller's thread: memcached's binary flush cannot
  // wait for a notify (core_statuses.h).
  OpResult f = client_->flush(*conn_, 0);
  EXPECT_EQ(f.status, ENGINE_SUCCESS) << f.problem;
  EXPECT_EQ(f.blocks, 0);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(get("k" + std::to_string(i)).status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(get(std::string(200, 'L')).status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(stat("curr_items"), 0u);
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
  EXPECT_TRUE(set("k0", "again").ok());
  EXPECT_EQ(get("k0").value, "again");
}

TEST_P(FsEngineTest, DelayedFlushKillsOnlyItemsOlderThanItsTime) {
  ASSERT_TRUE(set("before", "v").ok());
  ASSERT_EQ(client_->flush(*conn_, 10).status, ENGINE_SUCCESS);
  core_.clock().advance_sec(5);
  ASSERT_TRUE(set("during", "v").ok());
  EXPECT_TRUE(get("before").ok());
  core_.clock().advance_sec(5);  // the flush takes effect now
  ASSERT_TRUE(set("after", "v").ok());
  EXPECT_EQ(get("before").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(get("during").status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(get("after").ok());
  core_.clock().advance_sec(100);
  EXPECT_TRUE(get("after").ok());
}

// Found by the sequential property: replacing a delayed flush that already
// took effect must not bring the items it killed back.
TEST_P(FsEngineTest, ADelayedFlushThatTookEffectStaysInEffectWhenReplaced) {
  ASSERT_TRUE(set("k", "v").ok());
  ASSERT_EQ(client_->flush(*conn_, 2).status, ENGINE_SUCCESS);
  core_.clock().advance_sec(2);  // the flush takes effect; nobody reads "k"
  ASSERT_EQ(client_->flush(*conn_, 5).status, ENGINE_SUCCESS);
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(store(OPERATION_REPLACE, "k", "w").status, ENGINE_NOT_STORED);
}

TEST_P(FsEngineTest, FlushNowReplacesAPendingDelayedFlush) {
  ASSERT_EQ(client_->flush(*conn_, 10).status, ENGINE_SUCCESS);
  ASSERT_EQ(client_->flush(*conn_, 0).status, ENGINE_SUCCESS);
  ASSERT_TRUE(set("k", "v").ok());
  core_.clock().advance_sec(20);
  EXPECT_TRUE(get("k").ok());
}

TEST_P(FsEngineTest, StatsCountOperationsAndResetKeepsCurrItems) {
  ASSERT_TRUE(set("a", "1").ok());
  ASSERT_TRUE(set("b", "1").ok());
  EXPECT_EQ(store(OPERATION_ADD, "a", "1").status, ENGINE_NOT_STORED);
  EXPECT_TRUE(get("a").ok());
  EXPECT_EQ(get("zz").status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(incr("a", 1).ok());
  auto s = stats();
  for (const char* name :
       {"curr_items", "total_items", "cmd_get", "cmd_set", "get_hits", "get_misses", "evictions"}) {
    EXPECT_EQ(s.count(name), 1u) << name;
  }
  EXPECT_EQ(s["curr_items"], "2");
  EXPECT_EQ(s["total_items"], "3");
  EXPECT_EQ(s["cmd_set"], "3");
  EXPECT_EQ(s["cmd_get"], "2");
  EXPECT_EQ(s["get_hits"], "1");
  EXPECT_EQ(s["get_misses"], "1");
  EXPECT_EQ(s["incr_hits"], "1");
  EXPECT_EQ(s["evictions"], "0");
  client_->reset_stats(*conn_);
  s = stats();
  EXPECT_EQ(s["curr_items"], "2");
  for (const char* name :
       {"total_items", "cmd_get", "cmd_set", "get_hits", "get_misses", "incr_hits"}) {
    EXPECT_EQ(s[name], "0") << name;
  }
}

TEST_P(FsEngineTest, UnknownStatGroupIsEnoent) {
  EXPECT_EQ(client_->stats(*conn_, "slabs").status, ENGINE_KEY_ENOENT);
}

TEST_P(FsEngineTest, UnknownCommandIsNotSupported) {
  UnknownCommandResult r = client_->unknown_command(*conn_, std::string(24, '\0'));
  EXPECT_EQ(r.status, ENGINE_ENOTSUP);
  EXPECT_TRUE(r.responses.empty());
}

INSTANTIATE_TEST_SUITE_P(Modes, FsEngineTest, ::testing::Values("sync", "async", "pool"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace enginesim
