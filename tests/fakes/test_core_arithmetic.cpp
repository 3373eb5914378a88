// test_core_arithmetic.cpp - incr/decr for an engine without an arithmetic
// slot, done by the core as memcached's internal_arithmetic does it
// (memcached.c@82fb476:5942-6046; main installs it at :6833-6835).
#include <gtest/gtest.h>

#include "client_rig.h"

namespace enginesim {
namespace {

void drop_arithmetic(ClientRig& rig) {
  reinterpret_cast<ENGINE_HANDLE_V1*>(rig.engine.handle())->arithmetic = nullptr;
}

TEST(EngineClientCoreArithmetic, IncrIsAGetThenACasStoreKeepingFlagsAndTheReportedExptime) {
  ClientRig rig;
  drop_arithmetic(rig);
  rig.engine.seed("n", "41\r\n", 7, 500, 9);
  OpResult r = rig.client.arithmetic(rig.conn, "n", true, 1);
  ASSERT_TRUE(r.ok()) << status_name(r.status) << " " << r.problem;
  EXPECT_EQ(r.number, 42u);
  EXPECT_EQ(rig.engine.fn_sequence(),
            "get get_item_info release allocate get_item_info item_set_cas get_item_info store "
            "release");
  const Call& alloc = *rig.engine.calls_of(Fn::allocate).at(0);
  EXPECT_EQ(alloc.flags, 7u);
  EXPECT_EQ(alloc.exptime, 500u);  // the reported server time, handed over as it came
  EXPECT_EQ(alloc.nbytes, 4u);     // "42\r\n"
  EXPECT_EQ(rig.engine.calls_of(Fn::item_set_cas).at(0)->cas, 9u);  // the CAS it read
  const Call& store = *rig.engine.calls_of(Fn::store).at(0);
  EXPECT_EQ(store.op, OPERATION_CAS);
  EXPECT_EQ(store.item_bytes, "42\r\n");
  EXPECT_TRUE(rig.all_released_once());
}

// The create path allocates with flags 0 and the exptime arithmetic was
// given, unconverted, sets no CAS and stores OPERATION_CAS; the engine's
// answer is the client's, KEY_ENOENT included (no second try).
TEST(EngineClientCoreArithmetic, ACreateIsACasStoreWithNoCasSetAndTheRawExptime) {
  for (const ENGINE_ERROR_CODE answer : {ENGINE_SUCCESS, ENGINE_KEY_ENOENT}) {
    ClientRig rig;
    drop_arithmetic(rig);
    rig.engine.script(Fn::store).result = answer;
    OpResult r = rig.client.arithmetic(rig.conn, "c", false, 3, true, 10, 100);
    EXPECT_EQ(r.status, answer) << r.problem;
    if (answer == ENGINE_SUCCESS) { EXPECT_EQ(r.number, 10u); }
    EXPECT_EQ(rig.engine.fn_sequence(), "get allocate get_item_info get_item_info store release");
    const Call& alloc = *rig.engine.calls_of(Fn::allocate).at(0);
    EXPECT_EQ(alloc.flags, 0u);
    EXPECT_EQ(alloc.exptime, 100u);  // not realtime(100)
    EXPECT_EQ(rig.engine.calls_of(Fn::store).at(0)->op, OPERATION_CAS);
    EXPECT_EQ(rig.engine.calls_of(Fn::store).at(0)->item_bytes, "10\r\n");
    EXPECT_TRUE(rig.all_released_once());
  }
}

// A lost CAS race (KEY_EEXISTS) starts over from the get; a failed
// allocate is ENOMEM, and unlike a client's SET nothing is removed.
TEST(EngineClientCoreArithmetic, ALostRaceStartsOverAndAFailedAllocateIsEnomem) {
  {
    ClientRig rig;
    drop_arithmetic(rig);
    rig.engine.seed("n", "5\r\n");
    rig.engine.script(Fn::store).result = ENGINE_KEY_EEXISTS;
    OpResult r = rig.client.arithmetic(rig.conn, "n", true, 1);
    EXPECT_EQ(r.status, ENGINE_TMPFAIL);  // the fake's bound on memcached's unbounded retry
    EXPECT_EQ(rig.engine.calls_of(Fn::get).size(), static_cast<size_t>(EngineClient::kMaxRecalls));
  }
  ClientRig rig;
  drop_arithmetic(rig);
  rig.engine.seed("n", "5\r\n");
  rig.engine.script(Fn::allocate).result = ENGINE_TMPFAIL;
  OpResult r = rig.client.arithmetic(rig.conn, "n", true, 1);
  EXPECT_EQ(r.status, ENGINE_ENOMEM);
  EXPECT_TRUE(rig.engine.calls_of(Fn::remove).empty());
  EXPECT_TRUE(rig.all_released_once());
}

}  // namespace
}  // namespace enginesim
