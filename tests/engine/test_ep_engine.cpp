// test_ep_engine.cpp - the ep engine's memcached semantics, one operation at
// a time: lifecycle and config, stores, CAS, remove, arithmetic, flush,
// expiry, limits, stats and reference counting.
#include <dlfcn.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "ep_fixture.h"

namespace enginesim {
namespace {

using namespace std::string_literals;

TEST_F(EpEngineTest, AdvertisesCasAndPersistentStorage) {
  load_warm();
  EXPECT_TRUE(engine_->has_feature(ENGINE_FEATURE_CAS));
  EXPECT_TRUE(engine_->has_feature(ENGINE_FEATURE_PERSISTENT_STORAGE));
  EXPECT_FALSE(engine_->has_feature(ENGINE_FEATURE_LRU));
}

TEST_F(EpEngineTest, CreateInstanceRefusesOtherInterfaces) {
  void* dl = dlopen(EP_ENGINE_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(dl, nullptr) << dlerror();
  auto create = reinterpret_cast<CREATE_INSTANCE>(dlsym(dl, "create_instance"));
  ASSERT_NE(create, nullptr);
  ENGINE_HANDLE* h = nullptr;
  EXPECT_EQ(create(2, Core::get_server_api_function(), &h), ENGINE_ENOTSUP);
  EXPECT_EQ(create(0, Core::get_server_api_function(), &h), ENGINE_ENOTSUP);
  EXPECT_EQ(h, nullptr);
  dlclose(dl);
}

TEST_F(EpEngineTest, BadConfigFailsInitializeAndLogsWhy) {
  const std::string file = dir_.path() + "/plain-file";
  std::ofstream(file) << "not a directory";
  const std::string db = "dbdir=" + dir_.path() + ";";
  for (const std::string& config :
       {db + "bogus=1", "max_size=1m"s, db + "max_size=0", db + "readers=0", db + "nonio=lots",
        db + "warmup_behavior=maybe", db + "exp_pager_stime=0", db + "item_size_max=2",
        "dbdir=" + file + "/sub"}) {
    core_.logs().clear();
    LoadError error = load_failure(config);
    EXPECT_EQ(error.kind, LoadError::Kind::initialize_failed) << config;
    bool logged = false;
    for (const LogLine& line : core_.logs().lines()) logged |= line.level == EXTENSION_LOG_WARNING;
    EXPECT_TRUE(logged) << "no warning logged for " << config;
  }
}

TEST_F(EpEngineTest, SettingsGroupReportsConfigAndUnknownGroupIsEnoent) {
  load_warm("max_size=1m;readers=2;writers=3;auxio=2;nonio=2;warmup_behavior=tmpfail");
  auto settings = stats("settings");
  EXPECT_EQ(settings["dbdir"], dir_.path());
  EXPECT_EQ(settings["max_size"], "1048576");
  EXPECT_EQ(settings["writers"], "3");
  EXPECT_EQ(settings["warmup_behavior"], "tmpfail");
  EXPECT_EQ(client_->stats(*conn_, "bogus").status, ENGINE_KEY_ENOENT);
}

TEST_F(EpEngineTest, SetThenGetReturnsValueFlagsExptimeCas) {
  load_warm();
  const std::string key = "k\0/ey\xff"s;
  const std::string value = "line1\r\nline2\0tail"s;
  OpResult stored = client_->store(*conn_, OPERATION_SET, key, value, 0xdeadbeef, 100);
  ASSERT_TRUE(stored.ok()) << status_name(stored.status);
  EXPECT_NE(stored.cas, 0u);
  OpResult got = get(key);
  ASSERT_TRUE(got.ok()) << got.problem;
  EXPECT_EQ(got.value, value);
  EXPECT_EQ(got.flags, 0xdeadbeefu);
  EXPECT_EQ(got.exptime, core_.clock().realtime(100));
  EXPECT_EQ(got.cas, stored.cas);
  EXPECT_EQ(got.blocks, 0);
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
}

TEST_F(EpEngineTest, ItemInfoNeedsOneIovec) {
  load_warm();
  ASSERT_TRUE(set("key", "abc").ok());
  item* it = nullptr;
  ASSERT_EQ(v1()->get(handle(), conn_, &it, "key", 3, 0), ENGINE_SUCCESS);
  item_info info{};
  info.nvalue = 0;
  EXPECT_FALSE(v1()->get_item_info(handle(), conn_, it, &info));
  info.nvalue = 1;
  ASSERT_TRUE(v1()->get_item_info(handle(), conn_, it, &info));
  EXPECT_EQ(info.nbytes, 5u);
  EXPECT_EQ(info.value[0].iov_len, 5u);
  EXPECT_EQ(std::string(static_cast<char*>(info.value[0].iov_base), 5), "abc\r\n");
  v1()->release(handle(), conn_, it);
}

TEST_F(EpEngineTest, CasIsStrictlyIncreasing) {
  load_warm();
  uint64_t last = 0;
  for (int i = 0; i < 20; ++i) {
    OpResult r = set("k" + std::to_string(i % 3), "v");
    ASSERT_TRUE(r.ok());
    EXPECT_GT(r.cas, last);
    last = r.cas;
  }
}

TEST_F(EpEngineTest, AddAndReplace) {
  load_warm();
  EXPECT_EQ(store(OPERATION_REPLACE, "k", "v").status, ENGINE_NOT_STORED);
  EXPECT_TRUE(store(OPERATION_ADD, "k", "v1").ok());
  EXPECT_EQ(store(OPERATION_ADD, "k", "v2").status, ENGINE_NOT_STORED);
  EXPECT_TRUE(store(OPERATION_REPLACE, "k", "v3").ok());
  EXPECT_EQ(get("k").value, "v3");
}

TEST_F(EpEngineTest, AppendAndPrependKeepFlagsAndExptime) {
  load_warm();
  EXPECT_EQ(store(OPERATION_APPEND, "k", "x").status, ENGINE_NOT_STORED);
  EXPECT_EQ(store(OPERATION_PREPEND, "k", "x").status, ENGINE_NOT_STORED);
  ASSERT_TRUE(set("k", "mid", 42, 1000).ok());
  OpResult appended = client_->store(*conn_, OPERATION_APPEND, "k", "-end", 7, 5);
  ASSERT_TRUE(appended.ok());
  ASSERT_TRUE(store(OPERATION_PREPEND, "k", "start-").ok());
  OpResult got = get("k");
  EXPECT_EQ(got.value, "start-mid-end");
  EXPECT_EQ(got.flags, 42u);
  EXPECT_EQ(got.exptime, core_.clock().realtime(1000));
}

TEST_F(EpEngineTest, CasOperation) {
  load_warm();
  EXPECT_EQ(store(OPERATION_CAS, "k", "v", 12345).status, ENGINE_KEY_ENOENT);
  OpResult first = set("k", "v1");
  EXPECT_EQ(store(OPERATION_CAS, "k", "v2", first.cas + 1000).status, ENGINE_KEY_EEXISTS);
  OpResult second = store(OPERATION_CAS, "k", "v2", first.cas);
  ASSERT_TRUE(second.ok());
  EXPECT_GT(second.cas, first.cas);
  // SET with a CAS behaves like CAS.
  EXPECT_EQ(store(OPERATION_SET, "k", "v3", first.cas).status, ENGINE_KEY_EEXISTS);
  EXPECT_TRUE(store(OPERATION_SET, "k", "v3", second.cas).ok());
  EXPECT_EQ(get("k").value, "v3");
  auto s = stats();
  EXPECT_EQ(s["cas_misses"], "1");
  EXPECT_EQ(s["cas_badval"], "2");
  EXPECT_EQ(s["cas_hits"], "2");
}

TEST_F(EpEngineTest, RemoveHonoursCas) {
  load_warm();
  EXPECT_EQ(remove("k").status, ENGINE_KEY_ENOENT);
  OpResult stored = set("k", "v");
  EXPECT_EQ(remove("k", stored.cas + 1).status, ENGINE_KEY_EEXISTS);
  EXPECT_TRUE(remove("k", stored.cas).ok());
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(remove("k").status, ENGINE_KEY_ENOENT);
  ASSERT_TRUE(set("k", "again").ok());
  EXPECT_EQ(get("k").value, "again");
}

TEST_F(EpEngineTest, Arithmetic) {
  load_warm();
  EXPECT_EQ(incr("n", 1).status, ENGINE_KEY_ENOENT);
  OpResult created = client_->arithmetic(*conn_, "n", true, 5, true, 10, 0);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created.number, 10u);  // create stores `initial`, not initial+delta
  EXPECT_EQ(get("n").value, "10");
  OpResult up = incr("n", 5);
  EXPECT_EQ(up.number, 15u);
  EXPECT_GT(up.cas, created.cas);
  EXPECT_EQ(decr("n", 100).number, 0u);  // decr floors at 0
  ASSERT_TRUE(set("n", "18446744073709551615").ok());
  EXPECT_EQ(incr("n", 2).number, 1u);  // incr wraps
  EXPECT_EQ(get("n").value, "1");
  ASSERT_TRUE(set("bad", "12a").ok());
  EXPECT_EQ(incr("bad", 1).status, ENGINE_EINVAL);
  ASSERT_TRUE(set("big", "18446744073709551616").ok());
  EXPECT_EQ(incr("big", 1).status, ENGINE_EINVAL);
  ASSERT_TRUE(set("empty", "").ok());
  EXPECT_EQ(decr("empty", 1).status, ENGINE_EINVAL);
}

TEST_F(EpEngineTest, FlushNowRemovesEverything) {
  load_warm();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(set("k" + std::to_string(i), "v").ok());
  ASSERT_TRUE(client_->flush(*conn_, 0).ok());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(get("k" + std::to_string(i)).status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(stat("curr_items"), 0u);
  ASSERT_TRUE(set("after", "v").ok());
  EXPECT_EQ(get("after").value, "v");
}

TEST_F(EpEngineTest, DelayedFlushRemovesOnlyOlderItems) {
  load_warm();
  ASSERT_TRUE(set("old", "v").ok());
  ASSERT_TRUE(client_->flush(*conn_, 10).ok());
  core_.clock().advance_sec(5);
  EXPECT_TRUE(get("old").ok());  // not yet due
  core_.clock().advance_sec(5);
  EXPECT_EQ(get("old").status, ENGINE_KEY_ENOENT);
  ASSERT_TRUE(set("new", "v").ok());
  core_.clock().advance_sec(1);
  EXPECT_TRUE(get("new").ok());
}

TEST_F(EpEngineTest, ExpiredItemsAreGone) {
  load_warm();
  ASSERT_TRUE(set("short", "v", 0, 10).ok());
  ASSERT_TRUE(set("forever", "v").ok());
  core_.clock().advance_sec(9);
  EXPECT_TRUE(get("short").ok());
  core_.clock().advance_sec(1);
  EXPECT_EQ(get("short").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(store(OPERATION_REPLACE, "short", "x").status, ENGINE_NOT_STORED);
  EXPECT_TRUE(store(OPERATION_ADD, "short", "x").ok());
  EXPECT_TRUE(get("forever").ok());
}

TEST_F(EpEngineTest, KeyAndValueLimits) {
  load_warm("item_size_max=1026");
  EXPECT_TRUE(set(std::string(250, 'k'), "v").ok());
  EXPECT_EQ(set(std::string(251, 'k'), "v").status, ENGINE_EINVAL);
  EXPECT_EQ(get(std::string(251, 'k')).status, ENGINE_EINVAL);
  EXPECT_TRUE(set("big", std::string(1024, 'x')).ok());
  EXPECT_EQ(set("bigger", std::string(1025, 'x')).status, ENGINE_E2BIG);
  EXPECT_EQ(store(OPERATION_APPEND, "big", "y").status, ENGINE_E2BIG);
}

TEST_F(EpEngineTest, ItemsOutliveOverwriteAndRemove) {
  load_warm();
  ASSERT_TRUE(set("k", "first").ok());
  item* held = nullptr;
  ASSERT_EQ(v1()->get(handle(), conn_, &held, "k", 1, 0), ENGINE_SUCCESS);
  ASSERT_TRUE(set("k", "second").ok());
  ASSERT_TRUE(remove("k").ok());
  item_info info{};
  info.nvalue = 1;
  ASSERT_TRUE(v1()->get_item_info(handle(), conn_, held, &info));
  EXPECT_EQ(std::string(static_cast<char*>(info.value[0].iov_base), info.nbytes), "first\r\n");
  v1()->release(handle(), conn_, held);
}

TEST_F(EpEngineTest, StatsCountersTasksAndReset) {
  load_warm();
  ASSERT_TRUE(set("k", "v").ok());
  ASSERT_TRUE(get("k").ok());
  EXPECT_EQ(get("missing").status, ENGINE_KEY_ENOENT);
  auto s = stats();
  for (const char* name :
       {"curr_items", "total_items", "cmd_get", "cmd_set", "get_hits", "get_misses", "evictions",
        "ep_queue_size", "ep_flusher_todo", "ep_total_persisted", "ep_bg_fetched",
        "ep_warmup_complete", "ep_num_value_ejects", "mem_used"}) {
    EXPECT_TRUE(s.count(name)) << "no stat " << name;
  }
  for (const char* task :
       {"Flusher", "BgFetcher", "Warmup", "Compactor", "ItemPager", "ExpiryPager"}) {
    EXPECT_TRUE(s.count("task:"s + task + ":runs")) << task;
    EXPECT_TRUE(s.count("task:"s + task + ":runtime_us")) << task;
  }
  EXPECT_GE(std::stoull(s["task:Warmup:runs"]), 1u);
  EXPECT_EQ(s["curr_items"], "1");
  EXPECT_EQ(s["cmd_get"], "2");
  EXPECT_EQ(s["get_hits"], "1");
  EXPECT_EQ(s["get_misses"], "1");
  EXPECT_EQ(s["cmd_set"], "1");
  ASSERT_TRUE(wait_stat("task:Flusher:runs", 1));
  v1()->reset_stats(handle(), conn_);
  EXPECT_EQ(stat("cmd_get"), 0u);
  EXPECT_EQ(stat("curr_items"), 1u);  // a gauge, not a counter
}

TEST_F(EpEngineTest, UnknownCommandIsNotSupported) {
  load_warm();
  EXPECT_EQ(v1()->unknown_command(handle(), conn_, nullptr, nullptr), ENGINE_ENOTSUP);
}

TEST_F(EpEngineTest, ConcurrentIncrementsAreNotLost) {
  load_warm("writers=2;readers=2");
  ASSERT_TRUE(set("n", "0").ok());
  constexpr int kThreads = 4;
  constexpr int kEach = 200;
  std::vector<Connection*> conns;
  for (int t = 0; t < kThreads; ++t) conns.push_back(&core_.connect());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        EXPECT_TRUE(client_->arithmetic(*conns[t], "n", true, 1).ok());
        EXPECT_TRUE(client_->store(*conns[t], OPERATION_SET, "k" + std::to_string(t), "v").ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(get("n").value, std::to_string(kThreads * kEach));
}

}  // namespace
}  // namespace enginesim
