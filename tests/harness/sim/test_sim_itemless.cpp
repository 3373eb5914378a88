// test_sim_itemless.cpp - the workload's itemless operations in whole
// simulations (harness/sim/sim_itemless.h): stats, reset_stats and
// unknown_command are called and noted but stay out of the history; a
// disconnect leaves the unread operation pending, runs ON_DISCONNECT and the
// client goes on with a new connection; an engine that keeps a closed
// connection's cookie is caught by get_stats after a disconnect.
#include <unistd.h>

#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "harness/model/history.h"
#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_itemless.h"
#include "harness/sim/sim_run.h"
#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::sched {
namespace {

// The trace notes of a run, in order.
std::vector<std::string> notes(const RunResult& r) {
  std::vector<std::string> out;
  for (const TraceEvent& e : r.events) {
    if (e.op == Op::note) out.push_back(e.text);
  }
  return out;
}

bool has_note(const RunResult& r, const std::string& text) {
  for (const std::string& n : notes(r)) {
    if (n.find(text) != std::string::npos) return true;
  }
  return false;
}

class SimItemless : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!history_.empty()) std::filesystem::remove(history_);
  }
  RunResult run(const std::string& engine, std::shared_ptr<Workload> w, uint64_t seed = 1,
                const std::string& config = "") {
    SimConfig cfg;
    cfg.engine_path = engine;
    cfg.engine_config = config;
    cfg.workload = std::move(w);
    cfg.seed = seed;
    history_ = ::testing::TempDir() + "sim_itemless_" + std::to_string(::getpid());
    cfg.history_path = history_;
    return run_in_child([cfg] { return sim_run_spec(cfg, "random"); });
  }
  model::History history() {
    model::ParseError error;
    auto h = model::read_history_file(history_, &error);
    EXPECT_TRUE(h.has_value()) << error.describe();
    return h.value_or(model::History{});
  }
  std::string history_;
};

TEST_F(SimItemless, StatsResetAndUnknownAreCalledButNotInTheHistory) {
  auto w = std::make_shared<Workload>();
  w->connections = {{model::ops::set("k0", "1"), model::ops::stats(), model::ops::stats("slabs"),
                     model::ops::stats("nosuch"), model::ops::reset_stats(),
                     model::ops::unknown(0x1b), model::ops::get("k0")}};
  const RunResult r = run(PERIOD_SESSIONS_PATH, w);
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  EXPECT_TRUE(has_note(r, "conn 1: stats -> ENGINE_SUCCESS")) << testing::PrintToString(notes(r));
  EXPECT_TRUE(has_note(r, "conn 1: stats slabs -> ENGINE_SUCCESS"));
  EXPECT_TRUE(has_note(r, "conn 1: stats nosuch -> ENGINE_KEY_ENOENT"));
  EXPECT_TRUE(has_note(r, "conn 1: reset_stats"));
  // The period engine answers through ADD_RESPONSE: one response, SUCCESS.
  EXPECT_TRUE(has_note(r, "conn 1: unknown 0x1b -> ENGINE_SUCCESS (1 responses)"));
  const model::History h = history();
  ASSERT_EQ(h.entries.size(), 2u);
  EXPECT_EQ(h.entries[0].op.kind, model::OpKind::set);
  EXPECT_EQ(h.entries[1].op.kind, model::OpKind::get);
  EXPECT_EQ(h.entries[1].result.value, "1");
}

TEST_F(SimItemless, ADisconnectLeavesTheUnreadOperationPendingAndReconnects) {
  auto w = std::make_shared<Workload>();
  w->connections = {{model::ops::set("k0", "1"), model::ops::disconnect(), model::ops::get("k0"),
                     model::ops::stats()}};
  const RunResult r = run(PERIOD_SESSIONS_PATH, w);
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  EXPECT_TRUE(has_note(r, "conn 1: set k0 \"1\" -> ENGINE_SUCCESS"));
  EXPECT_TRUE(has_note(r, "(unread: the client has closed)"));
  EXPECT_TRUE(has_note(r,
                       "conn 1: disconnect (the client closed its socket); the client "
                       "reconnects as conn 2"))
      << testing::PrintToString(notes(r));
  // The engine saw the close: one live session (the new connection) is left.
  EXPECT_TRUE(has_note(r, "conn 2: stats -> ENGINE_SUCCESS"));
  const model::History h = history();
  ASSERT_EQ(h.entries.size(), 2u);
  EXPECT_EQ(h.entries[0].op.kind, model::OpKind::set);
  EXPECT_TRUE(h.entries[0].result.uncertain());  // may or may not have taken effect
  EXPECT_FALSE(h.entries[0].return_step.has_value());
  EXPECT_EQ(h.entries[1].conn, 2u);  // the get, on the new connection
  EXPECT_TRUE(h.entries[1].return_step.has_value());
}

// memcached closes the connection when a get, a store or an incr/decr
// answers ENGINE_DISCONNECT, and answers a flush's or a remove's EINVAL
// without closing (memcached.c@82fb476 process_bin_get, complete_update_bin,
// process_bin_flush). The client learns nothing of the effect: the history
// keeps such an operation as `disconnect`, which may or may not have taken
// effect. The toy engine with drop=bye stores "bye..." values and answers
// ENGINE_DISCONNECT for them.
TEST_F(SimItemless, AnEngineThatAnswersDisconnectHasTheConnectionClosedAndNothingClaimed) {
  auto w = std::make_shared<Workload>();
  w->prefix = {model::ops::set("k9", "bye9"), model::ops::get("k9")};
  w->connections = {{model::ops::set("k0", "bye0"), model::ops::set("k1", "1"),
                     model::ops::get("k0"), model::ops::get("k1"), model::ops::flush(),
                     model::ops::get("k1")}};
  const RunResult r = run(TOY_ENGINE_PATH, w, 1, "drop=bye");
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  // The prefix's connection (2; the worker's is 1) is closed after its set
  // and again after its get.
  EXPECT_TRUE(has_note(r, "conn 2: set k9 \"bye9\" -> ENGINE_DISCONNECT"))
      << testing::PrintToString(notes(r));
  EXPECT_TRUE(has_note(r,
                       "conn 2: closed by the core after that answer (conn_closing); the client "
                       "reconnects as conn 3"));
  EXPECT_TRUE(has_note(r, "conn 3: get k9 -> ENGINE_DISCONNECT"));
  // The worker's connection after its set (1, then 5) and after its get (6).
  EXPECT_TRUE(has_note(r, "conn 1: set k0 \"bye0\" -> ENGINE_DISCONNECT"));
  EXPECT_TRUE(has_note(r,
                       "conn 1: closed by the core after that answer (conn_closing); the "
                       "client reconnects as conn 5"));
  EXPECT_TRUE(has_note(r, "conn 5: set k1 \"1\" -> ENGINE_SUCCESS"));
  EXPECT_TRUE(has_note(r, "conn 5: get k0 -> ENGINE_DISCONNECT"));
  EXPECT_TRUE(has_note(r, "conn 6: get k1 -> ENGINE_SUCCESS value=\"1\""));
  // The flush answered DISCONNECT too, but memcached answers it EINVAL and
  // keeps the connection: the last get is on the same one.
  EXPECT_TRUE(has_note(r, "conn 6: flush -> ENGINE_DISCONNECT"));
  EXPECT_TRUE(has_note(r, "conn 6: get k1 -> ENGINE_KEY_ENOENT"));
  EXPECT_FALSE(has_note(r, "reconnects as conn 7"));
  const model::History h = history();
  ASSERT_EQ(h.entries.size(), 8u);
  for (size_t i : {0u, 1u, 2u, 4u, 6u}) {
    EXPECT_EQ(h.entries[i].result.completion, model::Completion::disconnect) << i;
    EXPECT_TRUE(h.entries[i].return_step.has_value()) << i;
  }
  EXPECT_EQ(h.entries[3].result.status, ENGINE_SUCCESS);
}

// get_stats after a disconnect is what shows the stale session: the base
// engine passes the same workload.
TEST_F(SimItemless, StatsAfterADisconnectCatchesAStaleCookie) {
  auto w = std::make_shared<Workload>();
  w->connections = {{model::ops::get("k0"), model::ops::disconnect(), model::ops::stats()}};
  const RunResult stale = run(PERIOD_SESSIONS_STALE_PATH, w);
  EXPECT_EQ(stale.verdict, Verdict::failed);
  EXPECT_NE(stale.report.find("server_api.after_disconnect"), std::string::npos) << stale.report;
  EXPECT_NE(stale.report.find("get_engine_specific with the cookie of conn 1, which is closed"),
            std::string::npos)
      << stale.report;
  const RunResult base = run(PERIOD_SESSIONS_PATH, w);
  EXPECT_EQ(base.verdict, Verdict::ok) << base.report;
  // Without the stats call nothing asks: the same bug passes unseen.
  w->connections[0].pop_back();
  EXPECT_EQ(run(PERIOD_SESSIONS_STALE_PATH, w).verdict, Verdict::ok);
}

TEST(UnknownRequest, IsAHeaderWithoutBodyInNetworkOrder) {
  const std::string packet = unknown_request(0xf0);
  ASSERT_EQ(packet.size(), 24u);
  EXPECT_EQ(static_cast<uint8_t>(packet[0]), PROTOCOL_BINARY_REQ);
  EXPECT_EQ(static_cast<uint8_t>(packet[1]), 0xf0);
  for (size_t i = 2; i < packet.size(); ++i) EXPECT_EQ(packet[i], '\0') << "byte " << i;
}

}  // namespace
}  // namespace enginesim::sched
