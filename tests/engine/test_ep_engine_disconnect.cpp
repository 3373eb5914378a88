// test_ep_engine_disconnect.cpp - a connection that closes while the ep
// engine keeps something for it (ON_DISCONNECT): the BgFetcher's pin of an
// answer never taken, a waiter held by the warmup gate.
#include <cstdio>
#include <string>

#include "ep_fixture.h"

namespace enginesim {
namespace {

// One get on `conn`, with no re-call: leaves the connection blocked
// (waiting) when the engine answers EWOULDBLOCK.
ENGINE_ERROR_CODE get_once(Core& core, ENGINE_HANDLE_V1* v1, Connection& conn,
                           const std::string& key) {
  item* it = nullptr;
  auto* handle = reinterpret_cast<ENGINE_HANDLE*>(v1);
  core.begin_call(conn);
  const ENGINE_ERROR_CODE status =
      v1->get(handle, &conn, &it, key.data(), static_cast<int>(key.size()), 0);
  core.end_call(conn, status);
  if (status == ENGINE_SUCCESS) v1->release(handle, &conn, it);
  return status;
}

TEST_F(EpEngineTest, ClosingAConnectionDropsItsPinAndTheKeyCanBeEjectedAgain) {
  load_warm("max_size=16384");
  ASSERT_TRUE(set("pinned", std::string(1000, 'v')).ok());
  // The metadata of 200 keys alone stays above the pager's target, so each
  // pager run ejects every clean value it may, referenced or not.
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(set("meta-" + std::to_string(i), "x").ok());
  ASSERT_GT(stat("mem_used"), 16384u);

  Connection& closing = core_.connect();
  int kicks = 0;  // a store over the limit wakes the pager
  ASSERT_TRUE(wait_until([&] {
    EXPECT_TRUE(set("kick-" + std::to_string(kicks++), "x").ok());
    return get_once(core_, v1(), closing, "pinned") == ENGINE_EWOULDBLOCK;
  })) << "the value was never ejected";
  const BlockOutcome answered = core_.await_notify(closing);
  ASSERT_TRUE(answered.notified);
  ASSERT_EQ(answered.status, ENGINE_SUCCESS);
  // Answered, not yet re-called: pinned for `closing`.
  EXPECT_EQ(stats("pins"), (std::map<std::string, std::string>{{"pinned", "1"}}));

  core_.disconnect(closing);  // before its re-call
  EXPECT_TRUE(stats("pins").empty()) << "the closed connection's pin stayed";
  // Ejectable again: a get on another connection blocks for the fetch.
  EXPECT_TRUE(wait_until([&] {
    EXPECT_TRUE(set("kick-" + std::to_string(kicks++), "x").ok());
    return get("pinned").blocks >= 1;
  })) << "the pager never ejected the key again";
  EXPECT_EQ(get("pinned").value, std::string(1000, 'v'));
  EXPECT_TRUE(stats("pins").empty());
  EXPECT_EQ(core_.notify_anomalies().not_waiting, 0u);
}

TEST_F(EpEngineTest, ADisconnectAfterAnEngineWasDestroyedReachesOnlyTheLiveOne) {
  load_warm();
  Connection& early = core_.connect();
  ASSERT_EQ(core_.callback_count(ON_DISCONNECT), 1u);
  // Destroys the first engine: the harness's core forgets its callback
  // (memcached never destroys an engine; ep's hook is detached in destroy
  // for a host that would keep it).
  load_warm();
  ASSERT_EQ(core_.callback_count(ON_DISCONNECT), 1u);
  core_.disconnect(early);  // reaches the live engine only
  EXPECT_TRUE(set("k", "v").ok());
  EXPECT_EQ(get("k").value, "v");
}

// The core gives up on a notify after 300 ms (a "lost" operation), leaving
// the connection idle, so that it can close while the engine still holds
// its request.
class EpEngineShortNotifyTest : public EpEngineTest {
 protected:
  EpEngineShortNotifyTest() : EpEngineTest(CoreOptions{.notify_timeout_ms = 300}) {}
};

TEST_F(EpEngineShortNotifyTest, AWaiterWhoseConnectionClosedIsNeverNotified) {
  load_warm();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(set("key-" + std::to_string(i), "v").ok());
  load("warmup_batch=1;warmup_pause=0.25");  // about a second of warmup
  Connection& gone = core_.connect();
  Connection& stays = core_.connect();
  // Both held by the warmup gate, `gone` first.
  ASSERT_EQ(get_once(core_, v1(), gone, "key-3"), ENGINE_EWOULDBLOCK);
  ASSERT_EQ(get_once(core_, v1(), stays, "key-3"), ENGINE_EWOULDBLOCK);
  ASSERT_FALSE(core_.await_notify(gone).notified) << "warmup ended too soon for this test";
  core_.disconnect(gone);

  // The gate hands its waiters to the fetcher in order, which answers them
  // in order: once `stays` is answered, `gone` would have been too.
  ASSERT_TRUE(wait_stat("ep_warmup_complete", 1));
  ASSERT_TRUE(wait_stat("task:BgFetcher:runs", 1));  // its first run: the gate's waiters
  const BlockOutcome answered = core_.await_notify(stays);
  ASSERT_TRUE(answered.notified);
  EXPECT_EQ(answered.status, ENGINE_SUCCESS);
  EXPECT_EQ(gone.bad_notify_count, 0u) << "the closed connection was notified";
  EXPECT_EQ(core_.notify_anomalies().not_waiting, 0u);
  EXPECT_EQ(stats("pins"), (std::map<std::string, std::string>{{"key-3", "1"}}));
  EXPECT_EQ(get_once(core_, v1(), stays, "key-3"), ENGINE_SUCCESS);  // the re-call
  EXPECT_TRUE(stats("pins").empty());
}

// The core does not wait for a notify at all: connections close while their
// fetch is queued, in the fetcher's running batch, or answered.
class EpEngineLostNotifyTest : public EpEngineTest {
 protected:
  EpEngineLostNotifyTest() : EpEngineTest(CoreOptions{.notify_timeout_ms = 0}) {}
};

TEST_F(EpEngineLostNotifyTest, ConnectionsClosingMidFetchAreNeverNotifiedAndKeepNoPin) {
  load_warm("max_size=16384");
  ASSERT_TRUE(set("k", std::string(1000, 'v')).ok());
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(set("meta-" + std::to_string(i), "x").ok());
  int blocked = 0, answered = 0, kicks = 0;
  // Bounded: 150 closings that blocked, or the time limit.
  wait_until(
      [&] {
        EXPECT_TRUE(set("kick-" + std::to_string(kicks++), "x").ok());  // wakes the pager
        Connection& conn = core_.connect();
        if (get_once(core_, v1(), conn, "k") == ENGINE_EWOULDBLOCK) {
          ++blocked;
          answered += core_.await_notify(conn).notified;  // no re-call either way
        }
        core_.disconnect(conn);
        return blocked >= 150;
      },
      3000);
  EXPECT_GE(blocked, 10) << "too few gets blocked to test anything";
  EXPECT_TRUE(wait_until([&] { return stats("pins").empty(); }))
      << "a closed connection kept its pin";
  unload();  // joins the fetcher: every notify it would make is made
  EXPECT_EQ(core_.notify_anomalies().closed, 0u) << "a closed connection was notified";
  std::printf("%d gets blocked, %d answered before the await, before their connections closed\n",
              blocked, answered);
}

}  // namespace
}  // namespace enginesim
