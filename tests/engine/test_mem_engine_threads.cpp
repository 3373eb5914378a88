// test_mem_engine_threads.cpp - the mem engine under several core threads at
// once: overlapping keys, each thread with its own connection; afterwards
// the counters agree with what the threads saw.
#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "mem_fixture.h"

namespace enginesim {
namespace {

constexpr int kThreads = 4;
constexpr int kOpsPerThread = 3000;
constexpr int kKeys = 24;

struct Tally {
  uint64_t stores = 0, gets = 0, hits = 0, misses = 0, protocol_problems = 0;
};

// A fixed per-thread sequence (no randomness needed: the threads' interleaving
// varies on its own) touching every key with every kind of operation.
void hammer(EngineClient& client, Connection& conn, int thread, Tally& tally) {
  for (int i = 0; i < kOpsPerThread; ++i) {
    const std::string key = "key" + std::to_string((i * 7 + thread) % kKeys);
    OpResult r;
    switch ((i + thread) % 6) {
      case 0:
        r = client.store(conn, OPERATION_SET, key, std::string(1 + i % 300, 'a' + thread));
        ++tally.stores;
        break;
      case 1:
        r = client.store(conn, OPERATION_APPEND, key, "+");
        ++tally.stores;
        break;
      case 2:
        r = client.store(conn, OPERATION_ADD, key, "0");
        ++tally.stores;
        break;
      case 3: r = client.arithmetic(conn, key, true, 1, true, 7); break;
      case 4: r = client.remove(conn, key); break;
      default:
        r = client.get(conn, key);
        ++tally.gets;
        (r.status == ENGINE_SUCCESS ? tally.hits : tally.misses)++;
        break;
    }
    if (!r.problem.empty() || r.notify_lost || r.blocks != 0) ++tally.protocol_problems;
  }
}

void run_threads(EngineClient& client, Core& core, std::array<Tally, kThreads>& tallies) {
  std::vector<Connection*> conns;
  for (int t = 0; t < kThreads; ++t) conns.push_back(&core.connect());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { hammer(client, *conns[t], t, tallies[t]); });
  }
  for (std::thread& thread : threads) thread.join();
}

class MemEngineThreadsTest : public MemEngineTest {
 protected:
  void check_consistent(const std::array<Tally, kThreads>& tallies) {
    Tally sum;
    for (const Tally& t : tallies) {
      sum.stores += t.stores;
      sum.gets += t.gets;
      sum.hits += t.hits;
      sum.misses += t.misses;
      sum.protocol_problems += t.protocol_problems;
    }
    EXPECT_EQ(sum.protocol_problems, 0u);
    auto s = stats();
    EXPECT_EQ(std::stoull(s["cmd_set"]), sum.stores);
    EXPECT_EQ(std::stoull(s["cmd_get"]), sum.gets);
    EXPECT_EQ(std::stoull(s["get_hits"]), sum.hits);
    EXPECT_EQ(std::stoull(s["get_misses"]), sum.misses);
    EXPECT_LE(std::stoull(s["bytes"]), std::stoull(s["limit_maxbytes"]));
    EXPECT_EQ(std::stoull(s["evictions"]), core_.evictions());
    // curr_items matches the keys a reader still finds (nothing expires here).
    uint64_t present = 0;
    for (int k = 0; k < kKeys; ++k) present += get("key" + std::to_string(k)).ok() ? 1 : 0;
    EXPECT_EQ(std::stoull(s["curr_items"]), present);
  }
};

TEST_F(MemEngineThreadsTest, FourThreadsOnOverlappingKeys) {
  load("scrub_interval=1");
  std::array<Tally, kThreads> tallies{};
  run_threads(*client_, core_, tallies);
  check_consistent(tallies);
  EXPECT_EQ(core_.evictions(), 0u);
}

TEST_F(MemEngineThreadsTest, FourThreadsUnderEvictionPressure) {
  load("cache_size=2000;scrub_interval=1");
  std::array<Tally, kThreads> tallies{};
  run_threads(*client_, core_, tallies);
  check_consistent(tallies);
  EXPECT_GT(core_.evictions(), 0u);
}

}  // namespace
}  // namespace enginesim
