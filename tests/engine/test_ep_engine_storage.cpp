// test_ep_engine_storage.cpp - the ep engine's persistence: the flusher,
// clean shutdown and reload, value ejection and background fetches, warmup
// (blocking and tmpfail), torn tails, compaction and the expiry pager.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "ep_fixture.h"

namespace enginesim {
namespace {

using namespace std::string_literals;

std::string key_n(int i) { return "key-" + std::to_string(i); }
std::string value_n(int i, size_t size = 16) {
  std::string v = "value-" + std::to_string(i) + "-";
  v.resize(size, static_cast<char>('a' + i % 26));
  return v;
}

TEST_F(EpEngineTest, FlusherPersistsInTheBackground) {
  load_warm();
  const auto empty_size = std::filesystem::file_size(log_path());
  ASSERT_TRUE(set("k", "v").ok());
  ASSERT_TRUE(wait_stat("ep_total_persisted", 1));
  EXPECT_GT(std::filesystem::file_size(log_path()), empty_size);
  EXPECT_EQ(stat("ep_queue_size"), 0u);
  EXPECT_GE(stat("task:Flusher:runs"), 1u);
}

TEST_F(EpEngineTest, CleanShutdownLosesNothing) {
  load_warm();
  std::map<std::string, std::string> expected;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(set(key_n(i), value_n(i), i, i % 2 ? 1000 : 0).ok());
    expected[key_n(i)] = value_n(i);
  }
  for (int i = 0; i < 50; i += 5) {
    ASSERT_TRUE(remove(key_n(i)).ok());
    expected.erase(key_n(i));
  }
  ASSERT_TRUE(store(OPERATION_APPEND, key_n(1), "+tail").ok());
  expected[key_n(1)] += "+tail";
  ASSERT_TRUE(set("counter", "41").ok());
  ASSERT_TRUE(incr("counter", 1).ok());
  expected["counter"] = "42";
  const uint64_t last_cas = set("binary\0key"s, "\0\r\n"s).cas;
  expected["binary\0key"s] = "\0\r\n"s;

  load_warm();  // destroy (flushes whatever is still dirty) and reload
  for (auto& [key, value] : expected) {
    OpResult got = get(key);
    ASSERT_TRUE(got.ok()) << key << ": " << status_name(got.status);
    EXPECT_EQ(got.value, value) << key;
  }
  for (int i = 0; i < 50; i += 5) EXPECT_EQ(get(key_n(i)).status, ENGINE_KEY_ENOENT);
  OpResult three = get(key_n(3));
  EXPECT_EQ(three.flags, 3u);
  EXPECT_EQ(three.exptime, core_.clock().realtime(1000));
  EXPECT_EQ(stat("curr_items"), expected.size());
  EXPECT_GT(set("fresh", "v").cas, last_cas);  // CAS values never repeat across restarts
}

TEST_F(EpEngineTest, EjectedValueIsFetchedWhileTheGetBlocks) {
  load_warm("max_size=16384");
  constexpr int kKeys = 40;
  for (int i = 0; i < kKeys; ++i) ASSERT_TRUE(set(key_n(i), value_n(i, 1000)).ok());
  ASSERT_TRUE(wait_stat("ep_num_value_ejects", 1)) << "nothing was ejected";
  EXPECT_LT(stat("ep_resident_items"), static_cast<uint64_t>(kKeys));
  EXPECT_EQ(stat("curr_items"), static_cast<uint64_t>(kKeys));  // metadata stays
  int blocked = 0;
  for (int i = 0; i < kKeys; ++i) {
    OpResult got = get(key_n(i));
    ASSERT_TRUE(got.ok()) << key_n(i) << ": " << status_name(got.status) << got.problem;
    EXPECT_EQ(got.value, value_n(i, 1000));
    EXPECT_EQ(got.flags, 0u);
    blocked += got.blocks >= 1;
  }
  EXPECT_GE(blocked, 1);
  EXPECT_GE(stat("ep_bg_fetched"), 1u);
  EXPECT_GE(stat("task:BgFetcher:runs"), 1u);
  EXPECT_EQ(core_.notify_anomalies().double_notify, 0u);
  EXPECT_EQ(core_.notify_anomalies().not_waiting, 0u);
}

// A background fetch whose read fails answers ENGINE_DISCONNECT: memcached
// closes the connection (process_bin_get), where TMPFAIL would abort it.
TEST_F(EpEngineTest, AFailedBackgroundFetchAnswersDisconnect) {
  load_warm("max_size=16384");
  constexpr int kKeys = 40;
  for (int i = 0; i < kKeys; ++i) ASSERT_TRUE(set(key_n(i), value_n(i, 1000)).ok());
  ASSERT_TRUE(wait_stat("ep_num_value_ejects", 1)) << "nothing was ejected";
  ASSERT_TRUE(wait_until([&] { return stat("ep_queue_size") == 0; }));
  std::filesystem::resize_file(log_path(), 64);  // every record's read now fails
  int dropped = 0;
  for (int i = 0; i < kKeys; ++i) {
    OpResult got = get(key_n(i));
    EXPECT_TRUE(got.status == ENGINE_SUCCESS || got.status == ENGINE_DISCONNECT)
        << key_n(i) << ": " << status_name(got.status) << got.problem;
    if (got.status == ENGINE_DISCONNECT) {
      EXPECT_GE(got.blocks, 1);
      ++dropped;
    }
  }
  EXPECT_GE(dropped, 1);
  EXPECT_EQ(stat("ep_bg_fetch_errors"), static_cast<uint64_t>(dropped));
}

TEST_F(EpEngineTest, AppendAndIncrOnEjectedValuesFetchFirst) {
  load_warm("max_size=8192");
  ASSERT_TRUE(set("counter", "100").ok());
  ASSERT_TRUE(set("text", "abc").ok());
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(set(key_n(i), value_n(i, 1000)).ok());
  ASSERT_TRUE(wait_until([&] { return stat("ep_resident_items") < 32; }));
  OpResult up = incr("counter", 1);
  ASSERT_TRUE(up.ok()) << status_name(up.status);
  EXPECT_EQ(up.number, 101u);
  ASSERT_TRUE(store(OPERATION_APPEND, "text", "def").ok());
  EXPECT_EQ(get("text").value, "abcdef");
  EXPECT_EQ(get("counter").value, "101");
}

TEST_F(EpEngineTest, WarmupBlocksGetsUntilItCompletes) {
  load_warm();
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(set(key_n(i), value_n(i)).ok());
  // One record per warmup run, 40 ms apart: the first get lands mid-warmup.
  load("warmup_batch=1;warmup_pause=0.04");
  EXPECT_EQ(stat("ep_warmup_complete"), 0u);
  OpResult got = get(key_n(5));
  ASSERT_TRUE(got.ok()) << status_name(got.status);
  EXPECT_GE(got.blocks, 1);
  EXPECT_EQ(got.value, value_n(5));
  EXPECT_EQ(stat("ep_warmup_complete"), 1u);
  EXPECT_EQ(stat("ep_warmup_records"), 6u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(get(key_n(i)).value, value_n(i));
}

TEST_F(EpEngineTest, WarmupTmpfailAnswersTmpfailUntilItCompletes) {
  load_warm();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(set(key_n(i), value_n(i)).ok());
  load("warmup_batch=1;warmup_pause=0.04;warmup_behavior=tmpfail");
  EXPECT_EQ(get(key_n(0)).status, ENGINE_TMPFAIL);
  EXPECT_EQ(set("new", "v").status, ENGINE_TMPFAIL);
  ASSERT_TRUE(wait_stat("ep_warmup_complete", 1));
  EXPECT_EQ(get(key_n(0)).value, value_n(0));
  EXPECT_TRUE(set("new", "v").ok());
}

TEST_F(EpEngineTest, DestroyDuringWarmupKeepsData) {
  load_warm();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(set(key_n(i), value_n(i)).ok());
  load("warmup_batch=1;warmup_pause=10");
  unload();  // mid-warmup: nothing was loaded into memory, nothing is lost
  load_warm();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(get(key_n(i)).value, value_n(i));
}

TEST_F(EpEngineTest, WarmupCutsATornTail) {
  load_warm();
  ASSERT_TRUE(set("a", "1").ok());
  ASSERT_TRUE(set("b", "2").ok());
  unload();
  const auto good_size = std::filesystem::file_size(log_path());
  {
    // What a crash in the middle of an append leaves: a partial record.
    std::ofstream log(log_path(), std::ios::binary | std::ios::app);
    log << "\x12\x34\x56\x78\x40\x00\x00\x00\x01partial"s;
  }
  core_.logs().clear();
  load_warm();
  EXPECT_EQ(get("a").value, "1");
  EXPECT_EQ(get("b").value, "2");
  EXPECT_EQ(std::filesystem::file_size(log_path()), good_size);
  ASSERT_TRUE(set("c", "3").ok());
  load_warm();
  EXPECT_EQ(get("c").value, "3");
  EXPECT_EQ(get("a").value, "1");
}

TEST_F(EpEngineTest, RejectsAForeignLog) {
  std::ofstream(log_path()) << "this is not an ep engine log at all";
  LoadError error = load_failure(config(""));
  EXPECT_EQ(error.kind, LoadError::Kind::initialize_failed);
}

TEST_F(EpEngineTest, CompactionKeepsEveryLiveRecord) {
  load_warm("compaction_min_dead=1;max_size=20000");
  std::map<std::string, std::string> expected;
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 20; ++i) {
      const std::string value = value_n(i * 10 + round, 500);
      ASSERT_TRUE(set(key_n(i), value).ok());
      expected[key_n(i)] = value;
    }
    ASSERT_TRUE(
        wait_until([&] { return stat("ep_queue_size") == 0 && stat("ep_flusher_todo") == 0; }));
  }
  for (int i = 0; i < 20; i += 4) {
    ASSERT_TRUE(remove(key_n(i)).ok());
    expected.erase(key_n(i));
  }
  ASSERT_TRUE(wait_stat("ep_compactions", 1)) << "no compaction ran";
  ASSERT_TRUE(
      wait_until([&] { return stat("ep_queue_size") == 0 && stat("ep_flusher_todo") == 0; }));
  EXPECT_LT(std::filesystem::file_size(log_path()), 5u * 20 * 550);
  EXPECT_EQ(stat("ep_compaction_errors"), 0u);
  // Values ejected before the compaction moved their records still load.
  for (auto& [key, value] : expected) EXPECT_EQ(get(key).value, value) << key;
  load_warm();
  for (auto& [key, value] : expected) EXPECT_EQ(get(key).value, value) << key;
  for (int i = 0; i < 20; i += 4) EXPECT_EQ(get(key_n(i)).status, ENGINE_KEY_ENOENT);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/ep.log.compact"));
}

TEST_F(EpEngineTest, ExpiryPagerRemovesExpiredItemsAndPersistsIt) {
  load_warm("exp_pager_stime=0.01");
  ASSERT_TRUE(set("short", "v", 0, 10).ok());
  ASSERT_TRUE(set("forever", "v").ok());
  core_.clock().advance_sec(11);
  // No get touches "short": only the pager can remove it.
  ASSERT_TRUE(wait_stat("ep_expired_pager", 1));
  EXPECT_EQ(stat("curr_items"), 1u);
  EXPECT_GE(stat("task:ExpiryPager:runs"), 1u);
  load_warm();
  EXPECT_EQ(get("short").status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(get("forever").ok());
}

TEST_F(EpEngineTest, DelayedFlushIsPersisted) {
  load_warm("exp_pager_stime=0.01");
  ASSERT_TRUE(set("old", "v").ok());
  ASSERT_TRUE(client_->flush(*conn_, 5).ok());
  core_.clock().advance_sec(5);
  ASSERT_TRUE(set("new", "v").ok());
  ASSERT_TRUE(wait_until([&] { return stat("curr_items") == 1; }));
  load_warm();
  EXPECT_EQ(get("old").status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(get("new").ok());
}

TEST_F(EpEngineTest, FlushAllIsPersisted) {
  load_warm();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(set(key_n(i), "v").ok());
  ASSERT_TRUE(wait_stat("ep_total_persisted", 10));
  ASSERT_TRUE(client_->flush(*conn_, 0).ok());
  ASSERT_TRUE(set("after", "v").ok());
  load_warm();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(get(key_n(i)).status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(get("after").ok());
}

TEST_F(EpEngineTest, ManyWorkersPerQueue) {
  load_warm("readers=3;writers=2;auxio=2;nonio=2;max_size=8192");
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(set(key_n(i), value_n(i, 800)).ok());
  ASSERT_TRUE(wait_stat("ep_num_value_ejects", 1));
  for (int i = 0; i < 30; ++i) EXPECT_EQ(get(key_n(i)).value, value_n(i, 800));
}

}  // namespace
}  // namespace enginesim
