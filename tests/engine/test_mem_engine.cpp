// test_mem_engine.cpp - the mem engine's memcached semantics, one operation
// at a time: lifecycle and config, stores, CAS, remove, arithmetic, limits,
// stats and reference counting.
#include <dlfcn.h>

#include <string>

#include "mem_fixture.h"

namespace enginesim {
namespace {

using namespace std::string_literals;

TEST_F(MemEngineTest, AdvertisesCasAndLru) {
  load();
  EXPECT_TRUE(engine_->has_feature(ENGINE_FEATURE_CAS));
  EXPECT_TRUE(engine_->has_feature(ENGINE_FEATURE_LRU));
  EXPECT_FALSE(engine_->has_feature(ENGINE_FEATURE_PERSISTENT_STORAGE));
}

TEST_F(MemEngineTest, CreateInstanceRefusesOtherInterfaces) {
  void* dl = dlopen(MEM_ENGINE_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(dl, nullptr) << dlerror();
  auto create = reinterpret_cast<CREATE_INSTANCE>(dlsym(dl, "create_instance"));
  ASSERT_NE(create, nullptr);
  ENGINE_HANDLE* h = nullptr;
  EXPECT_EQ(create(2, Core::get_server_api_function(), &h), ENGINE_ENOTSUP);
  EXPECT_EQ(create(0, Core::get_server_api_function(), &h), ENGINE_ENOTSUP);
  EXPECT_EQ(h, nullptr);
  dlclose(dl);
}

TEST_F(MemEngineTest, BadConfigFailsInitializeAndLogsWhy) {
  for (const char* config : {"bogus=1", "cache_size=lots", "cache_size=0", "item_size_max=2",
                             "scrub_interval=99999999999"}) {
    core_.logs().clear();
    LoadError error = load_failure(config);
    EXPECT_EQ(error.kind, LoadError::Kind::initialize_failed) << config;
    bool logged = false;
    for (const LogLine& line : core_.logs().lines()) {
      logged |=
          line.level == EXTENSION_LOG_WARNING && line.text.find("config") != std::string::npos;
    }
    EXPECT_TRUE(logged) << "no warning logged for " << config;
  }
}

TEST_F(MemEngineTest, AcceptsEveryKnownKey) {
  load("cache_size=1m;item_size_max=4096;scrub_interval=0");
  auto settings = stats("settings");
  EXPECT_EQ(settings["cache_size"], "1048576");
  EXPECT_EQ(settings["item_size_max"], "4096");
  EXPECT_EQ(settings["scrub_interval"], "0");
  EXPECT_EQ(stat("limit_maxbytes"), 1048576u);
}

TEST_F(MemEngineTest, SetThenGetReturnsValueFlagsExptimeCas) {
  load();
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
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
}

TEST_F(MemEngineTest, ItemInfoNeedsOneIovecAndReportsNbytes) {
  load();
  ASSERT_TRUE(set("key", "abc").ok());
  item* it = nullptr;
  ASSERT_EQ(v1()->get(handle(), conn_, &it, "key", 3, 0), ENGINE_SUCCESS);
  item_info info{};
  info.nvalue = 0;
  EXPECT_FALSE(v1()->get_item_info(handle(), conn_, it, &info));
  info.nvalue = 1;
  ASSERT_TRUE(v1()->get_item_info(handle(), conn_, it, &info));
  EXPECT_EQ(info.nvalue, 1u);
  EXPECT_EQ(info.nbytes, 5u);
  EXPECT_EQ(info.value[0].iov_len, 5u);
  EXPECT_EQ(std::string(static_cast<const char*>(info.value[0].iov_base), 5), "abc\r\n");
  EXPECT_EQ(std::string(static_cast<const char*>(info.key), info.nkey), "key");
  v1()->release(handle(), conn_, it);
}

TEST_F(MemEngineTest, KeyLengthLimits) {
  load();
  const std::string longest(250, 'k');
  EXPECT_TRUE(set(longest, "v").ok());
  EXPECT_EQ(get(longest).value, "v");
  const std::string too_long(251, 'k');
  EXPECT_EQ(set(too_long, "v").status, ENGINE_EINVAL);
  EXPECT_EQ(get(too_long).status, ENGINE_EINVAL);
  EXPECT_EQ(client_->remove(*conn_, too_long).status, ENGINE_EINVAL);
  EXPECT_EQ(client_->arithmetic(*conn_, too_long, true, 1, true).status, ENGINE_EINVAL);
  EXPECT_EQ(set("", "v").status, ENGINE_EINVAL);
}

TEST_F(MemEngineTest, AllocateAboveItemSizeMaxIsE2big) {
  load("item_size_max=1026");
  EXPECT_TRUE(set("fits", std::string(1024, 'x')).ok());
  EXPECT_EQ(set("big", std::string(1025, 'x')).status, ENGINE_E2BIG);
  // An append whose result would exceed the limit is refused the same way.
  EXPECT_EQ(store(OPERATION_APPEND, "fits", "y").status, ENGINE_E2BIG);
  EXPECT_EQ(get("fits").value.size(), 1024u);
}

TEST_F(MemEngineTest, AddOnlyWhenMissingReplaceOnlyWhenPresent) {
  load();
  EXPECT_EQ(store(OPERATION_REPLACE, "k", "r").status, ENGINE_NOT_STORED);
  EXPECT_TRUE(store(OPERATION_ADD, "k", "a").ok());
  EXPECT_EQ(store(OPERATION_ADD, "k", "b").status, ENGINE_NOT_STORED);
  EXPECT_EQ(get("k").value, "a");
  EXPECT_TRUE(store(OPERATION_REPLACE, "k", "r").ok());
  EXPECT_EQ(get("k").value, "r");
}

TEST_F(MemEngineTest, AppendPrependKeepFlagsAndExptime) {
  load();
  EXPECT_EQ(store(OPERATION_APPEND, "k", "x").status, ENGINE_NOT_STORED);
  EXPECT_EQ(store(OPERATION_PREPEND, "k", "x").status, ENGINE_NOT_STORED);
  ASSERT_TRUE(client_->store(*conn_, OPERATION_SET, "k", "mid", 7, 500).ok());
  OpResult appended = client_->store(*conn_, OPERATION_APPEND, "k", "End", 99, 0);
  ASSERT_TRUE(appended.ok());
  ASSERT_TRUE(client_->store(*conn_, OPERATION_PREPEND, "k", "Start", 98, 0).ok());
  OpResult got = get("k");
  EXPECT_EQ(got.value, "StartmidEnd");
  EXPECT_EQ(got.flags, 7u);
  EXPECT_EQ(got.exptime, core_.clock().realtime(500));
  EXPECT_GT(got.cas, appended.cas);
}

TEST_F(MemEngineTest, CasRules) {
  load();
  EXPECT_EQ(store(OPERATION_CAS, "k", "v", 1).status, ENGINE_KEY_ENOENT);
  OpResult first = set("k", "v1");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(store(OPERATION_CAS, "k", "v2", first.cas + 1000).status, ENGINE_KEY_EEXISTS);
  OpResult second = store(OPERATION_CAS, "k", "v2", first.cas);
  ASSERT_TRUE(second.ok());
  EXPECT_GT(second.cas, first.cas);
  // A SET carrying a CAS behaves like CAS.
  EXPECT_EQ(store(OPERATION_SET, "k", "v3", first.cas).status, ENGINE_KEY_EEXISTS);
  EXPECT_EQ(store(OPERATION_SET, "nokey", "v3", 5).status, ENGINE_KEY_ENOENT);
  OpResult third = store(OPERATION_SET, "k", "v3", second.cas);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(get("k").value, "v3");
  // An append with a stale CAS is refused too.
  EXPECT_EQ(store(OPERATION_APPEND, "k", "x", second.cas).status, ENGINE_KEY_EEXISTS);
  auto s = stats();
  EXPECT_EQ(s["cas_misses"], "2");
  EXPECT_EQ(s["cas_badval"], "2");
  EXPECT_EQ(s["cas_hits"], "2");
}

TEST_F(MemEngineTest, CasValuesStrictlyIncrease) {
  load();
  uint64_t last = 0;
  for (int i = 0; i < 50; ++i) {
    OpResult r = i % 2 ? set("a" + std::to_string(i % 5), "v")
                       : client_->arithmetic(*conn_, "n", true, 1, true, 0);
    ASSERT_TRUE(r.ok());
    EXPECT_GT(r.cas, last);
    last = r.cas;
  }
}

TEST_F(MemEngineTest, RemoveRules) {
  load();
  EXPECT_EQ(client_->remove(*conn_, "k").status, ENGINE_KEY_ENOENT);
  OpResult s = set("k", "v");
  EXPECT_EQ(client_->remove(*conn_, "k", s.cas + 1).status, ENGINE_KEY_EEXISTS);
  EXPECT_TRUE(get("k").ok());
  EXPECT_TRUE(client_->remove(*conn_, "k", s.cas).ok());
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
  set("k", "v");
  EXPECT_TRUE(client_->remove(*conn_, "k").ok());
  EXPECT_EQ(stat("curr_items"), 0u);
}

TEST_F(MemEngineTest, IncrDecrOnDecimalValues) {
  load();
  EXPECT_EQ(client_->arithmetic(*conn_, "n", true, 1).status, ENGINE_KEY_ENOENT);
  OpResult created = client_->arithmetic(*conn_, "n", true, 5, true, 40, 100);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created.number, 40u);
  EXPECT_EQ(get("n").value, "40");
  EXPECT_EQ(get("n").exptime, core_.clock().realtime(100));
  OpResult incr = client_->arithmetic(*conn_, "n", true, 2);
  EXPECT_EQ(incr.number, 42u);
  EXPECT_GT(incr.cas, created.cas);
  EXPECT_EQ(get("n").cas, incr.cas);
  EXPECT_EQ(client_->arithmetic(*conn_, "n", false, 100).number, 0u);  // floors at 0
  EXPECT_EQ(get("n").value, "0");
  ASSERT_TRUE(client_->store(*conn_, OPERATION_SET, "w", "18446744073709551615", 3, 0).ok());
  EXPECT_EQ(client_->arithmetic(*conn_, "w", true, 2).number, 1u);  // wraps mod 2^64
  OpResult w = get("w");
  EXPECT_EQ(w.value, "1");
  EXPECT_EQ(w.flags, 3u);
}

TEST_F(MemEngineTest, ArithmeticOnNonNumbersIsEinval) {
  load();
  for (const char* bad : {"", "abc", "12a", " 1", "-1", "+1", "18446744073709551616"}) {
    ASSERT_TRUE(set("k", bad).ok());
    EXPECT_EQ(client_->arithmetic(*conn_, "k", true, 1).status, ENGINE_EINVAL) << bad;
    EXPECT_EQ(get("k").value, bad);  // left untouched
  }
}

TEST_F(MemEngineTest, ItemsExpireByTheServerClock) {
  load();
  ASSERT_TRUE(set("short", "v", 0, 10).ok());
  ASSERT_TRUE(set("forever", "v").ok());
  const time_t absolute = core_.clock().now_unix_sec() + 20;
  ASSERT_TRUE(set("absolute", "v", 0, absolute).ok());
  core_.clock().advance_sec(9);
  EXPECT_TRUE(get("short").ok());
  core_.clock().advance_sec(1);
  EXPECT_EQ(get("short").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(store(OPERATION_REPLACE, "short", "x").status, ENGINE_NOT_STORED);
  EXPECT_TRUE(store(OPERATION_ADD, "short", "again").ok());  // expired = missing
  EXPECT_TRUE(get("absolute").ok());
  core_.clock().advance_sec(10);
  EXPECT_EQ(get("absolute").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(client_->remove(*conn_, "absolute").status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(get("forever").ok());
  EXPECT_EQ(set("past", "v", 0, -1).status, ENGINE_SUCCESS);
  EXPECT_EQ(get("past").status, ENGINE_KEY_ENOENT);
}

TEST_F(MemEngineTest, FlushNowRemovesEverything) {
  load();
  for (int i = 0; i < 20; ++i) set("k" + std::to_string(i), "v");
  EXPECT_TRUE(client_->flush(*conn_, 0).ok());
  EXPECT_EQ(stat("curr_items"), 0u);
  EXPECT_EQ(stat("bytes"), 0u);
  EXPECT_EQ(get("k3").status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(set("k3", "new").ok());  // stored after the flush: survives
  EXPECT_EQ(get("k3").value, "new");
}

TEST_F(MemEngineTest, DelayedFlushHidesOnlyOlderItems) {
  load();
  ASSERT_TRUE(set("old", "v").ok());
  ASSERT_TRUE(client_->flush(*conn_, 10).ok());
  core_.clock().advance_sec(5);
  ASSERT_TRUE(set("before", "v").ok());
  EXPECT_TRUE(get("old").ok());  // not in effect yet
  core_.clock().advance_sec(5);
  EXPECT_EQ(get("old").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(get("before").status, ENGINE_KEY_ENOENT);
  ASSERT_TRUE(set("after", "v").ok());  // stored once the flush took effect
  core_.clock().advance_sec(100);
  EXPECT_TRUE(get("after").ok());
}

// Found by the sequential property: replacing a delayed flush that already
// took effect must not bring the items it hid back.
TEST_F(MemEngineTest, ADelayedFlushThatTookEffectStaysInEffectWhenReplaced) {
  load();
  ASSERT_TRUE(set("k", "v").ok());
  ASSERT_TRUE(client_->flush(*conn_, 2).ok());
  core_.clock().advance_sec(2);  // the flush takes effect; nobody reads "k"
  ASSERT_TRUE(client_->flush(*conn_, 5).ok());
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(store(OPERATION_REPLACE, "k", "w").status, ENGINE_NOT_STORED);
}

TEST_F(MemEngineTest, FlushNowCancelsAPendingDelayedFlush) {
  load();
  ASSERT_TRUE(client_->flush(*conn_, 10).ok());
  ASSERT_TRUE(client_->flush(*conn_, 0).ok());
  ASSERT_TRUE(set("k", "v").ok());
  core_.clock().advance_sec(20);
  EXPECT_TRUE(get("k").ok());
}

TEST_F(MemEngineTest, StatsCountOperations) {
  load();
  set("a", "1");
  set("b", "22");
  get("a");
  get("missing");
  client_->remove(*conn_, "b");
  client_->arithmetic(*conn_, "a", true, 1);
  auto s = stats();
  for (const char* name : {"curr_items", "total_items", "cmd_get", "cmd_set", "get_hits",
                           "get_misses", "evictions", "bytes", "limit_maxbytes"}) {
    ASSERT_TRUE(s.count(name)) << name;
  }
  for (auto& [key, value] : s) {
    EXPECT_EQ(key.find('\0'), std::string::npos);
    EXPECT_FALSE(value.empty()) << key;
    EXPECT_EQ(value.find_first_not_of("0123456789"), std::string::npos) << key;
  }
  EXPECT_EQ(s["cmd_set"], "2");
  EXPECT_EQ(s["total_items"], "3");  // two sets and the incr's new item
  EXPECT_EQ(s["curr_items"], "1");
  EXPECT_EQ(s["cmd_get"], "2");
  EXPECT_EQ(s["get_hits"], "1");
  EXPECT_EQ(s["get_misses"], "1");
  EXPECT_EQ(s["delete_hits"], "1");
  EXPECT_EQ(s["incr_hits"], "1");
  EXPECT_EQ(s["limit_maxbytes"], std::to_string(64u << 20));
  EXPECT_GT(std::stoull(s["bytes"]), 0u);

  client_->reset_stats(*conn_);
  s = stats();
  EXPECT_EQ(s["cmd_set"], "0");
  EXPECT_EQ(s["cmd_get"], "0");
  EXPECT_EQ(s["get_hits"], "0");
  EXPECT_EQ(s["total_items"], "0");
  EXPECT_EQ(s["curr_items"], "1");  // a gauge, not a counter
  EXPECT_EQ(client_->stats(*conn_, "nosuchgroup").status, ENGINE_KEY_ENOENT);
}

TEST_F(MemEngineTest, UnknownCommandIsNotSupported) {
  load();
  EXPECT_EQ(client_->unknown_command(*conn_, std::string(24, '\0')).status, ENGINE_ENOTSUP);
}

TEST_F(MemEngineTest, HeldItemSurvivesOverwriteAndRemove) {
  load();
  ASSERT_TRUE(set("k", "original", 5).ok());
  item* held = nullptr;
  ASSERT_EQ(v1()->get(handle(), conn_, &held, "k", 1, 0), ENGINE_SUCCESS);
  ASSERT_TRUE(set("k", "overwritten").ok());
  item* second = nullptr;
  ASSERT_EQ(v1()->get(handle(), conn_, &second, "k", 1, 0), ENGINE_SUCCESS);
  ASSERT_TRUE(client_->remove(*conn_, "k").ok());
  ASSERT_TRUE(client_->flush(*conn_, 0).ok());
  item_info info{};
  info.nvalue = 1;
  ASSERT_TRUE(v1()->get_item_info(handle(), conn_, held, &info));
  EXPECT_EQ(std::string(static_cast<const char*>(info.value[0].iov_base), info.nbytes),
            "original\r\n");
  EXPECT_EQ(info.flags, 5u);
  info.nvalue = 1;
  ASSERT_TRUE(v1()->get_item_info(handle(), conn_, second, &info));
  EXPECT_EQ(std::string(static_cast<const char*>(info.value[0].iov_base), info.nbytes),
            "overwritten\r\n");
  v1()->release(handle(), conn_, held);
  v1()->release(handle(), conn_, second);
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
}

TEST_F(MemEngineTest, UnstoredAllocationIsJustReleased) {
  load();
  item* it = nullptr;
  ASSERT_EQ(v1()->allocate(handle(), conn_, &it, "k", 1, 3, 0, 0), ENGINE_SUCCESS);
  v1()->release(handle(), conn_, it);
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(stat("curr_items"), 0u);
}

}  // namespace
}  // namespace enginesim
