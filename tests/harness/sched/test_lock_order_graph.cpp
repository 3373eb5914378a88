// test_lock_order_graph.cpp - the lock-order graph without threads: which
// acquisitions make edges, which paths close a cycle, and what forgetting a
// lock (destroyed, freed) removes.
#include <gtest/gtest.h>

#include "harness/sched/lock_order.h"

namespace enginesim::sched {
namespace {

// Locks are addresses inside one array, so ranges can be freed.
struct Graph {
  LockOrder order;
  char memory[64] = {};
  uint64_t step = 0;

  const void* lock(int i) { return &memory[i * 8]; }
  void take(ThreadId t, int i, bool shared = false, bool can_wait = true,
            LockKind kind = LockKind::mutex) {
    order.acquired(
        {lock(i), kind, static_cast<uint32_t>(i + 1), shared, can_wait, nullptr, t, ++step});
  }
  void rw(ThreadId t, int i, bool shared) { take(t, i, shared, true, LockKind::rwlock); }
  void give(ThreadId t, int i) { order.released(t, lock(i)); }
  // t takes a then b, and releases both.
  void nest(ThreadId t, int a, int b) {
    take(t, a);
    take(t, b);
    give(t, b);
    give(t, a);
  }
};

TEST(LockOrderGraph, AnEdgeOnlyWhileAnotherLockIsHeld) {
  Graph g;
  g.take(1, 0);
  g.give(1, 0);
  g.take(1, 1);
  g.give(1, 1);
  EXPECT_EQ(g.order.live_edges(), 0u);
  g.nest(1, 0, 1);
  EXPECT_EQ(g.order.live_edges(), 1u);
  g.nest(2, 0, 1);  // the same order again: the same edge
  EXPECT_EQ(g.order.live_edges(), 1u);
  EXPECT_FALSE(g.order.found());
}

TEST(LockOrderGraph, TheClosingEdgeReportsTheCycleItCloses) {
  Graph g;
  g.nest(1, 0, 1);
  g.nest(2, 1, 2);
  EXPECT_FALSE(g.order.found());
  g.nest(3, 2, 0);
  ASSERT_TRUE(g.order.found());
  const auto& c = g.order.cycle();
  ASSERT_EQ(c.size(), 3u);
  // The closing link first (lock 3 then lock 1 by thread 3), then the path
  // from lock 1 back to lock 3.
  EXPECT_EQ(c[0].thread, 3u);
  EXPECT_EQ(c[0].from_number, 3u);
  EXPECT_EQ(c[0].to_number, 1u);
  EXPECT_EQ(c[1].from_number, 1u);
  EXPECT_EQ(c[1].to_number, 2u);
  EXPECT_EQ(c[2].from_number, 2u);
  EXPECT_EQ(c[2].to_number, 3u);
}

TEST(LockOrderGraph, TheFirstCycleIsKept) {
  Graph g;
  g.nest(1, 0, 1);
  g.nest(2, 1, 0);
  ASSERT_TRUE(g.order.found());
  const uint64_t step = g.order.cycle()[0].step;
  g.nest(3, 2, 3);
  g.nest(4, 3, 2);
  EXPECT_EQ(g.order.cycle()[0].step, step);
}

TEST(LockOrderGraph, ATrylockMakesNoEdgeIntoItsLockButEdgesOutOfIt) {
  Graph g;
  g.take(1, 0);
  g.take(1, 1, false, /*can_wait=*/false);
  EXPECT_EQ(g.order.live_edges(), 0u);
  g.take(1, 2);  // held: 0 and 1 (taken by trylock)
  EXPECT_EQ(g.order.live_edges(), 2u);
}

TEST(LockOrderGraph, ReleasingOutOfOrderKeepsTheOthersHeld) {
  Graph g;
  g.take(1, 0);
  g.take(1, 1);
  g.give(1, 0);  // 1 still held
  g.take(1, 2);
  g.give(1, 2);
  g.give(1, 1);
  g.nest(2, 2, 1);  // closes 1 -> 2 -> 1; 0 is not involved
  ASSERT_TRUE(g.order.found());
  EXPECT_EQ(g.order.cycle().size(), 2u);
}

TEST(LockOrderGraph, ReadersThroughARwlockCloseNoCycle) {
  Graph g;
  g.rw(1, 0, true);  // read R, then M
  g.take(1, 1);
  g.give(1, 1);
  g.give(1, 0);
  g.take(2, 1);  // M, then read R
  g.rw(2, 0, true);
  g.give(2, 0);
  g.give(2, 1);
  EXPECT_FALSE(g.order.found());
  // A writer of R then M: M then read R now waits for it.
  g.rw(3, 0, false);
  g.take(3, 1);
  EXPECT_TRUE(g.order.found());
}

TEST(LockOrderGraph, AReaderPathIsNoLinkInALongerCycle) {
  Graph g;
  // A -> read R, read R -> B, B -> A: at R a reader waits while a reader
  // holds it, so the loop cannot block there.
  g.take(1, 0);
  g.rw(1, 1, true);
  g.give(1, 1);
  g.give(1, 0);
  g.rw(2, 1, true);
  g.take(2, 2);
  g.give(2, 2);
  g.give(2, 1);
  g.nest(3, 2, 0);
  EXPECT_FALSE(g.order.found());
}

TEST(LockOrderGraph, AForgottenLockTakesItsEdgesWithIt) {
  Graph g;
  g.nest(1, 0, 1);
  g.order.forget(g.lock(1));
  EXPECT_EQ(g.order.live_edges(), 0u);
  EXPECT_EQ(g.order.live_locks(), 1u);
  g.nest(2, 1, 0);  // a new lock at lock 1's address
  EXPECT_FALSE(g.order.found());
}

TEST(LockOrderGraph, AFreedRangeForgetsTheLocksInsideIt) {
  Graph g;
  g.nest(1, 0, 1);
  g.nest(1, 2, 3);
  g.order.forget_range(g.lock(1), 16);  // locks 1 and 2, not 0 or 3
  EXPECT_EQ(g.order.live_locks(), 2u);
  EXPECT_EQ(g.order.live_edges(), 0u);
  g.nest(2, 3, 0);
  EXPECT_FALSE(g.order.found());
  g.nest(2, 0, 3);
  EXPECT_TRUE(g.order.found());
}

TEST(LockOrderGraph, ALockFreedWhileHeldIsHeldNoMore) {
  Graph g;
  g.take(1, 0);
  g.order.forget(g.lock(0));
  g.take(1, 1);  // no edge from the forgotten lock
  EXPECT_EQ(g.order.live_edges(), 0u);
}

TEST(LockOrderGraph, RecursionCountsDepth) {
  Graph g;
  g.take(1, 0);
  g.take(1, 0);
  g.give(1, 0);
  g.take(1, 1);  // 0 still held once
  EXPECT_EQ(g.order.live_edges(), 1u);
}

}  // namespace
}  // namespace enginesim::sched
