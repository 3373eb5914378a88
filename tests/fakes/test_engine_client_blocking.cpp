// test_engine_client_blocking.cpp - the EWOULDBLOCK protocol as EngineClient
// runs it (issue 2 §3): after a SUCCESS notify the same engine function is
// called again with identical arguments; after any other notify that status
// is the result; a notify that never comes ends as notify_lost.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <tuple>

#include "client_rig.h"

namespace enginesim {
namespace {

// What a test needs from any client operation's result.
struct Outcome {
  ENGINE_ERROR_CODE status = ENGINE_FAILED;
  bool notify_lost = false;
  int blocks = -1;  // -1: the operation's result does not count blocks
};

Outcome outcome_of(const OpResult& r) { return {r.status, r.notify_lost, r.blocks}; }

// One client operation and the engine function it blocks in.
struct OpCase {
  const char* name;
  Fn fn;
  std::function<Outcome(ClientRig&)> run;
};

const OpCase kOps[] = {
    {"get", Fn::get,
     [](ClientRig& rig) {
       rig.engine.seed("key", "value\r\n");
       return outcome_of(rig.client.get(rig.conn, "key"));
     }},
    {"store_allocate", Fn::allocate,
     [](ClientRig& rig) {
       return outcome_of(rig.client.store(rig.conn, OPERATION_CAS, "key", "value", 7, 100, 42));
     }},
    {"store", Fn::store,
     [](ClientRig& rig) {
       return outcome_of(rig.client.store(rig.conn, OPERATION_CAS, "key", "value", 7, 100, 42));
     }},
    {"remove", Fn::remove,
     [](ClientRig& rig) { return outcome_of(rig.client.remove(rig.conn, "key", 42)); }},
    {"arithmetic", Fn::arithmetic,
     [](ClientRig& rig) {
       return outcome_of(rig.client.arithmetic(rig.conn, "key", true, 3, true, 10, 100));
     }},
    {"get_stats", Fn::get_stats,
     [](ClientRig& rig) {
       StatsResult r = rig.client.stats(rig.conn, "slabs");
       return Outcome{r.status, r.notify_lost, -1};
     }},
    {"unknown_command", Fn::unknown_command,
     [](ClientRig& rig) {
       std::string packet(24, '\0');
       packet[0] = '\x80';
       packet[1] = '\x7f';
       UnknownCommandResult r = rig.client.unknown_command(rig.conn, packet);
       return Outcome{r.status, r.notify_lost, -1};
     }},
};

class EngineClientBlocking : public ::testing::TestWithParam<std::tuple<size_t, NotifyFrom>> {
 protected:
  const OpCase& op() const { return kOps[std::get<0>(GetParam())]; }
  NotifyFrom from() const { return std::get<1>(GetParam()); }
};

TEST_P(EngineClientBlocking, SuccessNotifyReCallsWithIdenticalArguments) {
  ClientRig rig;
  Script& script = rig.engine.script(op().fn);
  script.block_first = 2;
  script.notify_from = from();
  script.notify_status = ENGINE_SUCCESS;
  Outcome out = op().run(rig);
  EXPECT_EQ(out.status, ENGINE_SUCCESS) << status_name(out.status);
  EXPECT_FALSE(out.notify_lost);
  if (out.blocks >= 0) { EXPECT_EQ(out.blocks, 2); }
  auto calls = rig.engine.calls_of(op().fn);
  ASSERT_EQ(calls.size(), 3u) << rig.engine.fn_sequence();
  for (const Call* c : calls) {
    EXPECT_EQ(c->args, calls[0]->args);  // same key bytes, cas, item, cookie, ...
    EXPECT_EQ(c->cookie, &rig.conn);
    EXPECT_EQ(c->state, ConnState::in_call) << to_string(c->state);
  }
  if (from() == NotifyFrom::call) {
    // The notify came before the call returned: the connection is still in
    // the call, with the notify kept for when the call returns EWOULDBLOCK.
    EXPECT_TRUE(calls[0]->early_notify_seen);
    EXPECT_TRUE(calls[1]->early_notify_seen);
  }
  if (from() == NotifyFrom::thread_waited) {
    // Another thread's notify waits for the worker's lock, which the call
    // holds (memcached's conn_nread around complete_nread): it lands only
    // after the call returned, however long the call waits for it.
    EXPECT_FALSE(calls[0]->notify_returned_in_call);
    EXPECT_FALSE(calls[1]->notify_returned_in_call);
  }
  EXPECT_EQ(rig.conn.state, ConnState::idle);
  EXPECT_EQ(rig.conn.ewouldblock_count, 2u);
  EXPECT_EQ(rig.conn.notify_count, 2u);
  EXPECT_EQ(rig.conn.bad_notify_count, 0u);
  rig.engine.join_notifiers();
  NotifyAnomalies anomalies = rig.core.notify_anomalies();
  EXPECT_EQ(anomalies.not_waiting + anomalies.double_notify + anomalies.unknown_cookie, 0u);
  EXPECT_TRUE(rig.all_released_once());
}

TEST_P(EngineClientBlocking, FailureNotifyIsTheResultWithoutReCall) {
  for (ENGINE_ERROR_CODE status : {ENGINE_ENOMEM, ENGINE_TMPFAIL, ENGINE_KEY_ENOENT}) {
    ClientRig rig;
    Script& script = rig.engine.script(op().fn);
    script.block_first = 1;
    script.notify_from = from();
    script.notify_status = status;
    Outcome out = op().run(rig);
    EXPECT_EQ(out.status, status) << status_name(out.status);
    EXPECT_FALSE(out.notify_lost);
    if (out.blocks >= 0) { EXPECT_EQ(out.blocks, 1); }
    EXPECT_EQ(rig.engine.calls_of(op().fn).size(), 1u) << rig.engine.fn_sequence();
    EXPECT_EQ(rig.conn.state, ConnState::idle);
    EXPECT_EQ(rig.conn.ewouldblock_count, 1u);
    EXPECT_EQ(rig.conn.notify_count, 1u);
    EXPECT_EQ(rig.conn.bad_notify_count, 0u);
    EXPECT_TRUE(rig.all_released_once()) << status_name(status);
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, EngineClientBlocking,
                         ::testing::Combine(::testing::Range<size_t>(0, std::size(kOps)),
                                            ::testing::Values(NotifyFrom::call, NotifyFrom::thread,
                                                              NotifyFrom::thread_waited)),
                         [](const auto& info) {
                           return std::string(kOps[std::get<0>(info.param)].name) +
                                  "_notify_from_" + notify_from_name(std::get<1>(info.param));
                         });

// A notify that never comes: the operation ends as notify_lost after
// CoreOptions.notify_timeout_ms, without a re-call, the item released.
class EngineClientLostNotify : public ::testing::TestWithParam<size_t> {};

TEST_P(EngineClientLostNotify, EndsAsNotifyLost) {
  const OpCase& op = kOps[GetParam()];
  ClientRig rig(/*notify_timeout_ms=*/50);
  rig.engine.script(op.fn).block_first = 1;
  rig.engine.script(op.fn).notify_from = NotifyFrom::never;
  Outcome out = op.run(rig);
  EXPECT_TRUE(out.notify_lost);
  EXPECT_EQ(out.status, ENGINE_FAILED);
  if (out.blocks >= 0) { EXPECT_EQ(out.blocks, 1); }
  EXPECT_EQ(rig.engine.calls_of(op.fn).size(), 1u) << rig.engine.fn_sequence();
  EXPECT_EQ(rig.conn.state, ConnState::idle);
  EXPECT_EQ(rig.conn.notify_count, 0u);
  EXPECT_TRUE(rig.all_released_once());
}

INSTANTIATE_TEST_SUITE_P(Ops, EngineClientLostNotify, ::testing::Range<size_t>(0, std::size(kOps)),
                         [](const auto& info) { return std::string(kOps[info.param].name); });

TEST(EngineClientBlockingStore, BlocksInAllocateAndStoreAddUp) {
  ClientRig rig;
  rig.engine.script(Fn::allocate).block_first = 1;
  rig.engine.script(Fn::store).block_first = 2;
  rig.engine.script(Fn::store).notify_from = NotifyFrom::thread;
  OpResult r = rig.client.store(rig.conn, OPERATION_SET, "k", "v");
  ASSERT_TRUE(r.ok()) << status_name(r.status);
  EXPECT_EQ(r.blocks, 3);
  // Only the allocate that succeeded made an item; every store call got it.
  ASSERT_EQ(rig.engine.items().size(), 1u);
  for (const Call* c : rig.engine.calls_of(Fn::store)) {
    EXPECT_EQ(c->it, &rig.engine.items()[0]);
    EXPECT_EQ(c->item_bytes, "v\r\n");
  }
  // complete_update_bin reads the item before each store, the re-calls too.
  EXPECT_EQ(rig.engine.fn_sequence(),
            "allocate allocate get_item_info item_set_cas get_item_info store get_item_info store "
            "get_item_info store release");
  EXPECT_TRUE(rig.all_released_once());
}

// A notify with a failure answers the block (memcached's c->aiostat):
// complete_update_bin still reads the item, then answers without a store.
TEST(EngineClientBlockingStore, AFailedNotifyReadsTheItemAndDoesNotStoreAgain) {
  ClientRig rig;
  rig.engine.script(Fn::store).block_first = 1;
  rig.engine.script(Fn::store).notify_status = ENGINE_TMPFAIL;
  OpResult r = rig.client.store(rig.conn, OPERATION_SET, "k", "v");
  EXPECT_EQ(r.status, ENGINE_TMPFAIL);
  EXPECT_EQ(r.blocks, 1);
  EXPECT_EQ(rig.engine.fn_sequence(),
            "allocate get_item_info item_set_cas get_item_info store get_item_info release");
  EXPECT_TRUE(rig.all_released_once());
}

// process_bin_flush has no EWOULDBLOCK case and reads no c->aiostat: the
// client is answered EINVAL at once, and the engine's notify comes to a
// connection that waits for nothing (core_statuses.h).
TEST(EngineClientFlush, EwouldblockIsAnsweredAtOnceAndNeverWaitedOut) {
  for (NotifyFrom from : {NotifyFrom::call, NotifyFrom::never}) {
    ClientRig rig;
    rig.engine.script(Fn::flush).block_first = 1;
    rig.engine.script(Fn::flush).notify_from = from;
    OpResult r = rig.client.flush(rig.conn, 0);
    EXPECT_EQ(r.status, ENGINE_EINVAL);
    EXPECT_NE(r.problem.find("process_bin_flush"), std::string::npos) << r.problem;
    EXPECT_EQ(r.blocks, 0);
    EXPECT_FALSE(r.notify_lost);
    EXPECT_EQ(rig.engine.fn_sequence(), "flush");
    EXPECT_EQ(rig.conn.state, ConnState::idle);
    // The next flush is a fresh command, answered by the engine.
    OpResult again = rig.client.flush(rig.conn, 0);
    EXPECT_EQ(again.status, ENGINE_SUCCESS) << again.problem;
    EXPECT_EQ(rig.engine.fn_sequence(), "flush flush");
  }
}

TEST(EngineClientBlockingStore, ReCallLimitEndsAsTmpfail) {
  ClientRig rig;
  rig.engine.script(Fn::remove).block_first = EngineClient::kMaxRecalls + 5;
  OpResult r = rig.client.remove(rig.conn, "k");
  EXPECT_EQ(r.status, ENGINE_TMPFAIL);
  EXPECT_EQ(r.blocks, EngineClient::kMaxRecalls);
  EXPECT_EQ(rig.engine.calls_of(Fn::remove).size(), size_t{EngineClient::kMaxRecalls});
  EXPECT_EQ(rig.conn.state, ConnState::idle);
}

TEST(EngineClientStats, ReCallReportsFromScratch) {
  ClientRig rig;
  rig.engine.script(Fn::get_stats).block_first = 1;
  StatsResult r = rig.client.stats(rig.conn, "slabs");
  ASSERT_EQ(r.status, ENGINE_SUCCESS);
  // The first call reported call=1 before it blocked: dropped.
  const std::vector<std::pair<std::string, std::string>> expected = {{"call", "2"},
                                                                     {"group", "slabs"}};
  EXPECT_EQ(r.stats, expected);
  EXPECT_EQ(rig.conn.stats_sink.load(), nullptr);
}

TEST(EngineClientStats, WholeStatsGroupIsNull) {
  ClientRig rig;
  StatsResult r = rig.client.stats(rig.conn);
  ASSERT_EQ(r.status, ENGINE_SUCCESS);
  EXPECT_NE(rig.engine.calls_of(Fn::get_stats).at(0)->args.find("stat_key=0 (null) nkey=0"),
            std::string::npos)
      << rig.engine.calls_of(Fn::get_stats).at(0)->args;
}

TEST(EngineClientStats, ResetStatsIsOneCallOnTheConnection) {
  ClientRig rig;
  rig.client.reset_stats(rig.conn);
  EXPECT_EQ(rig.engine.fn_sequence(), "reset_stats");
  const Call& c = *rig.engine.calls_of(Fn::reset_stats).at(0);
  EXPECT_EQ(c.cookie, &rig.conn);
  EXPECT_EQ(c.state, ConnState::in_call);
  EXPECT_EQ(rig.conn.state, ConnState::idle);
}

TEST(EngineClientUnknownCommand, ResponsesLandInTheResult) {
  ClientRig rig;
  rig.engine.script(Fn::unknown_command).block_first = 1;
  std::string packet(24, '\0');
  packet[0] = '\x80';
  packet[1] = '\x7f';
  UnknownCommandResult r = rig.client.unknown_command(rig.conn, packet);
  ASSERT_EQ(r.status, ENGINE_SUCCESS);
  ASSERT_EQ(r.responses.size(), 1u);  // the blocked first call's response dropped
  EXPECT_EQ(r.responses[0].key, "rk");
  EXPECT_EQ(r.responses[0].ext, "x");
  EXPECT_EQ(r.responses[0].body, "call 2");
  EXPECT_EQ(r.responses[0].status, 0x0081);
  EXPECT_EQ(r.responses[0].cas, 77u);
  EXPECT_EQ(rig.conn.response_sink.load(), nullptr);
}

}  // namespace
}  // namespace enginesim
