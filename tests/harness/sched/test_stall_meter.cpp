// test_stall_meter.cpp - the watchdog's measure of a stuck thread: CPU time
// while it runs, wall time while it sleeps, nothing while the disk has it;
// and the kernel's view of real threads (harness/sched/stall_meter.h).
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "harness/sched/stall_meter.h"

namespace enginesim::sched {
namespace {

constexpr uint64_t kMs = 1'000'000;

ThreadSample seen(char state, uint64_t cpu_ms) { return {true, state, cpu_ms * kMs}; }

TEST(StallMeter, ARunnableThreadThatGetsNoCpuIsNotStalled) {
  // A loaded machine: the thread waits for a CPU for 10 s of wall time.
  StallMeter m;
  for (int i = 0; i < 500; ++i) m.add(20 * kMs, seen('R', 7));
  EXPECT_EQ(m.stalled_ns(), 0u);
  EXPECT_EQ(m.kind(), StallMeter::Kind::none);
}

TEST(StallMeter, ASpinCountsItsCpuTimeOnly) {
  StallMeter m;
  // Half a CPU: 10 ms of CPU per 20 ms poll.
  for (int i = 0; i <= 100; ++i) m.add(20 * kMs, seen('R', 50 + 10 * i));
  EXPECT_EQ(m.stalled_ns(), 1000 * kMs);
  EXPECT_EQ(m.kind(), StallMeter::Kind::spinning);
}

TEST(StallMeter, ASleepingThreadCountsWallTime) {
  StallMeter m;
  for (int i = 0; i < 50; ++i) m.add(20 * kMs, seen('S', 3));
  EXPECT_EQ(m.stalled_ns(), 1000 * kMs);
  EXPECT_EQ(m.kind(), StallMeter::Kind::blocked);
}

TEST(StallMeter, UninterruptibleIoCountsNothingAndAnUnreadableThreadCountsWallTime) {
  StallMeter m;
  for (int i = 0; i < 50; ++i) m.add(20 * kMs, seen('D', 3));
  EXPECT_EQ(m.stalled_ns(), 0u);
  m.add(20 * kMs, ThreadSample{});
  EXPECT_EQ(m.stalled_ns(), 20 * kMs);
  m.reset();
  EXPECT_EQ(m.stalled_ns(), 0u);
}

TEST(StallMeter, SamplesTheKernelsViewOfARealThread) {
  const pid_t self = static_cast<pid_t>(syscall(SYS_gettid));
  const ThreadSample before = sample_thread(self);
  ASSERT_TRUE(before.read);
  EXPECT_EQ(before.state, 'R');  // it is running: it reads its own state
  volatile uint64_t x = 0;
  ThreadSample after = before;
  while (after.cpu_ns < before.cpu_ns + 30 * kMs) {
    for (int i = 0; i < 1'000'000; ++i) x = x + i;
    after = sample_thread(self);
  }
  EXPECT_GE(after.cpu_ns, before.cpu_ns + 30 * kMs);

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::atomic<pid_t> tid{0};
  std::thread reader([&] {
    tid = static_cast<pid_t>(syscall(SYS_gettid));
    char c;
    (void)!read(fds[0], &c, 1);  // blocks until the write below
  });
  while (tid.load() == 0) std::this_thread::yield();
  ThreadSample blocked;
  for (int i = 0; i < 2000 && blocked.state != 'S'; ++i) {
    blocked = sample_thread(tid.load());
    usleep(1000);
  }
  EXPECT_EQ(blocked.state, 'S');  // asleep in read(2)
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  reader.join();
  close(fds[0]);
  close(fds[1]);
  EXPECT_FALSE(sample_thread(tid.load()).read);  // gone
  EXPECT_FALSE(sample_thread(0).read);
}

}  // namespace
}  // namespace enginesim::sched
