// test_mem_engine_lru.cpp - the mem engine's memory limit: LRU eviction and
// its reporting, items too large for the cache, and the scrubber thread
// (its destroy under the scheduler: test_mem_engine_scrubber.cpp).
#include <chrono>
#include <string>
#include <thread>

#include "mem_fixture.h"

namespace enginesim {
namespace {

constexpr size_t kValueBytes = 1000;
constexpr size_t kCacheBytes = 4500;  // room for four such items, not five

class MemEngineLruTest : public MemEngineTest {
 protected:
  void SetUp() override {
    load("cache_size=" + std::to_string(kCacheBytes) + ";scrub_interval=0");
    // The premise of every test here: an item of kValueBytes costs between
    // a quarter and a fifth of the cache.
    ASSERT_TRUE(set("k0", value_).ok());
    footprint_ = stat("bytes");
    ASSERT_LE(4 * footprint_, kCacheBytes);
    ASSERT_GT(5 * footprint_, kCacheBytes);
  }
  const std::string value_ = std::string(kValueBytes, 'v');
  uint64_t footprint_ = 0;
};

TEST_F(MemEngineLruTest, EvictsLeastRecentlyUsedAndReportsIt) {
  for (const char* key : {"k1", "k2", "k3"}) ASSERT_TRUE(set(key, value_).ok());
  EXPECT_EQ(core_.evictions(), 0u);
  ASSERT_TRUE(get("k0").ok());  // k0 becomes the most recently used
  ASSERT_TRUE(set("k4", value_).ok());
  EXPECT_EQ(core_.evictions(), 1u);
  EXPECT_EQ(get("k1").status, ENGINE_KEY_ENOENT);  // the least recently used
  for (const char* key : {"k0", "k2", "k3", "k4"}) EXPECT_TRUE(get(key).ok()) << key;
  EXPECT_EQ(stat("evictions"), 1u);
  EXPECT_EQ(stat("curr_items"), 4u);
  EXPECT_LE(stat("bytes"), stat("limit_maxbytes"));
}

TEST_F(MemEngineLruTest, OverwriteDoesNotEvictItsOwnKey) {
  for (const char* key : {"k1", "k2", "k3"}) ASSERT_TRUE(set(key, value_).ok());
  // Replacing k0 with an item of the same size fits without evicting anyone.
  ASSERT_TRUE(set("k0", std::string(kValueBytes, 'w')).ok());
  EXPECT_EQ(core_.evictions(), 0u);
  EXPECT_EQ(get("k0").value, std::string(kValueBytes, 'w'));
  EXPECT_EQ(stat("curr_items"), 4u);
}

TEST_F(MemEngineLruTest, ExpiredItemsAreReclaimedNotEvicted) {
  ASSERT_TRUE(set("k1", value_, 0, 5).ok());
  ASSERT_TRUE(set("k2", value_).ok());
  ASSERT_TRUE(set("k3", value_).ok());
  core_.clock().advance_sec(10);  // k1 is dead but still linked
  ASSERT_TRUE(get("k0").ok());
  ASSERT_TRUE(set("k4", value_).ok());  // the oldest after k0's touch is k1
  EXPECT_EQ(core_.evictions(), 0u);
  EXPECT_EQ(stat("evictions"), 0u);
  EXPECT_TRUE(get("k2").ok());
}

TEST_F(MemEngineLruTest, ItemLargerThanTheCacheIsEnomemAndEvictsNothing) {
  for (const char* key : {"k1", "k2"}) ASSERT_TRUE(set(key, value_).ok());
  EXPECT_EQ(set("huge", std::string(kCacheBytes, 'h')).status, ENGINE_ENOMEM);
  EXPECT_EQ(core_.evictions(), 0u);
  EXPECT_EQ(get("huge").status, ENGINE_KEY_ENOENT);
  EXPECT_TRUE(get("k1").ok());
}

TEST_F(MemEngineLruTest, GrowingAppendEvictsOthers) {
  for (const char* key : {"k1", "k2", "k3"}) ASSERT_TRUE(set(key, value_).ok());
  ASSERT_TRUE(store(OPERATION_APPEND, "k3", value_).ok());
  EXPECT_GE(core_.evictions(), 1u);
  EXPECT_EQ(get("k3").value.size(), 2 * kValueBytes);
  EXPECT_LE(stat("bytes"), kCacheBytes);
}

TEST_F(MemEngineTest, ScrubberRemovesExpiredItemsInTheBackground) {
  load("scrub_interval=1");
  ASSERT_TRUE(set("dies", "v", 0, 5).ok());
  ASSERT_TRUE(set("lives", "v").ok());
  core_.clock().advance_sec(10);
  // The scrubber's period is real time (it is a wait, not an expiry rule),
  // so this one test polls; the bound keeps a broken scrubber from hanging.
  for (int i = 0; i < 500 && stat("curr_items") != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(stat("curr_items"), 1u);
  EXPECT_GE(stat("reclaimed"), 1u);
  EXPECT_TRUE(get("lives").ok());
}

}  // namespace
}  // namespace enginesim
