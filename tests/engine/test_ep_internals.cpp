// test_ep_internals.cpp - the ep engine's building blocks, compiled in
// directly (the engine module exports only create_instance): the executor
// pool's ordering, wake and cancel rules, CRC-32 and the record format.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "crc32.h"
#include "executor_pool.h"
#include "record.h"

namespace ep {
namespace {

using namespace std::chrono_literals;

// Records each run in a shared log; behaviour per run set by the test.
class ProbeTask : public GlobalTask {
 public:
  ProbeTask(TaskKind kind, double initial, std::vector<std::string>* log, std::mutex* mu)
      : GlobalTask(kind, initial), log_(log), mu_(mu) {}
  bool run() override {
    {
      std::lock_guard<std::mutex> lock(*mu_);
      log_->push_back(name());
    }
    runs.fetch_add(1);
    if (hold) {
      std::unique_lock<std::mutex> lock(gate_mu);
      entered = true;
      gate_cv.notify_all();
      gate_cv.wait(lock, [&] { return released; });
    }
    if (snooze_sec == kForever) {
      snooze_forever();
    } else {
      snooze(snooze_sec);
    }
    return again;
  }
  std::string description() const override { return "probe"; }

  std::atomic<int> runs{0};
  double snooze_sec = kForever;
  bool again = true;
  bool hold = false;
  std::mutex gate_mu;
  std::condition_variable gate_cv;
  bool entered = false;
  bool released = false;

 private:
  std::vector<std::string>* log_;
  std::mutex* mu_;
};

bool wait_for(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

struct PoolTest : ::testing::Test {
  std::shared_ptr<ProbeTask> make(TaskKind kind, double initial) {
    return std::make_shared<ProbeTask>(kind, initial, &log, &mu);
  }
  std::vector<std::string> snapshot() {
    std::lock_guard<std::mutex> lock(mu);
    return log;
  }
  std::vector<std::string> log;
  std::mutex mu;
  ExecutorPool pool{{1, 1, 1, 1}};
};

TEST_F(PoolTest, LowerPriorityValueRunsFirstAmongDueTasks) {
  auto expiry = make(TaskKind::ExpiryPager, 0.0);  // NonIO, priority 3
  auto pager = make(TaskKind::ItemPager, 0.0);     // NonIO, priority 2
  pool.schedule(expiry);
  pool.schedule(pager);
  pool.start();
  ASSERT_TRUE(wait_for([&] { return snapshot().size() == 2; }));
  EXPECT_EQ(snapshot(), (std::vector<std::string>{"ItemPager", "ExpiryPager"}));
}

TEST_F(PoolTest, SnoozingForeverRunsOnlyWhenWoken) {
  auto task = make(TaskKind::Flusher, GlobalTask::kForever);
  const TaskId id = pool.schedule(task);
  EXPECT_EQ(task->id(), id);
  pool.start();
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(task->runs.load(), 0);
  EXPECT_TRUE(pool.wake(id));
  ASSERT_TRUE(wait_for([&] { return task->runs.load() == 1; }));
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(task->runs.load(), 1);  // no polling
  EXPECT_EQ(task->run_count(), 1u);
}

TEST_F(PoolTest, AWakeDuringARunIsNotLost) {
  auto task = make(TaskKind::BgFetcher, 0.0);
  task->hold = true;
  const TaskId id = pool.schedule(task);
  pool.start();
  {
    std::unique_lock<std::mutex> lock(task->gate_mu);
    ASSERT_TRUE(task->gate_cv.wait_for(lock, 2s, [&] { return task->entered; }));
  }
  EXPECT_TRUE(pool.wake(id));  // while running; the run then snoozes forever
  {
    std::lock_guard<std::mutex> lock(task->gate_mu);
    task->hold = false;
    task->released = true;
  }
  task->gate_cv.notify_all();
  ASSERT_TRUE(wait_for([&] { return task->runs.load() == 2; }));
}

TEST_F(PoolTest, TimedSnoozeRunsAgainAfterTheDelay) {
  auto task = make(TaskKind::Compactor, 0.0);
  task->snooze_sec = 0.01;
  pool.schedule(task);
  pool.start();
  ASSERT_TRUE(wait_for([&] { return task->runs.load() >= 3; }));
}

TEST_F(PoolTest, CancelledAndFinishedTasksNeverRunAgain) {
  auto cancelled = make(TaskKind::Warmup, 0.05);
  auto once = make(TaskKind::Flusher, 0.0);
  once->again = false;
  const TaskId cancelled_id = pool.schedule(cancelled);
  const TaskId once_id = pool.schedule(once);
  EXPECT_TRUE(pool.cancel(cancelled_id));
  EXPECT_FALSE(pool.cancel(cancelled_id));
  pool.start();
  ASSERT_TRUE(wait_for([&] { return once->runs.load() == 1; }));
  ASSERT_TRUE(wait_for([&] { return !pool.wake(once_id); }));  // dropped after returning false
  std::this_thread::sleep_for(80ms);
  EXPECT_EQ(cancelled->runs.load(), 0);
  EXPECT_EQ(once->runs.load(), 1);
}

TEST_F(PoolTest, StopJoinsAndNothingRunsAfterwards) {
  auto task = make(TaskKind::ItemPager, GlobalTask::kForever);
  const TaskId id = pool.schedule(task);
  pool.start();
  pool.stop();
  pool.wake(id);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(task->runs.load(), 0);
  pool.stop();  // idempotent
}

TEST(TaskTable, NamesQueuesAndPriorities) {
  EXPECT_STREQ(task_name(TaskKind::Flusher), "Flusher");
  EXPECT_EQ(task_queue(TaskKind::Flusher), TaskQueue::Writer);
  EXPECT_EQ(task_queue(TaskKind::BgFetcher), TaskQueue::Reader);
  EXPECT_EQ(task_queue(TaskKind::Compactor), TaskQueue::AuxIO);
  EXPECT_EQ(task_queue(TaskKind::ExpiryPager), TaskQueue::NonIO);
  EXPECT_LT(task_priority(TaskKind::Warmup), task_priority(TaskKind::Compactor));
}

TEST(Crc32, KnownVectors) {
  EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u);
  EXPECT_EQ(crc32("", 0), 0u);
  EXPECT_EQ(crc32("6789", 4, crc32("12345", 5)), 0xCBF43926u);  // incremental
}

TEST(Record, RoundTripsAndRejectsCorruption) {
  std::string bytes;
  const std::string key("k\0ey", 4);
  encode_record(RecordType::Set, key, "val\r\n", 7, 99, 1'700'000'123, &bytes);
  ASSERT_EQ(bytes.size(), encoded_size(key, "val\r\n"));
  RecordHeader header;
  ASSERT_TRUE(decode_header(bytes.data(), &header));
  Record record;
  ASSERT_TRUE(decode_record(bytes.data(), header, &record));
  EXPECT_EQ(record.key, key);
  EXPECT_EQ(record.value, "val\r\n");
  EXPECT_EQ(record.header.flags, 7u);
  EXPECT_EQ(record.header.cas, 99u);
  EXPECT_EQ(record.header.exptime_abs, 1'700'000'123);
  for (size_t i = 4; i < bytes.size(); ++i) {  // any flipped byte is caught
    std::string bad = bytes;
    bad[i] ^= 0x20;
    RecordHeader h;
    Record r;
    EXPECT_FALSE(decode_header(bad.data(), &h) && h.length == bytes.size() &&
                 decode_record(bad.data(), h, &r))
        << "byte " << i;
  }
}

}  // namespace
}  // namespace ep
