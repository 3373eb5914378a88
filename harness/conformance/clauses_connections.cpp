// clauses_connections.cpp - several connections (cookies) used one after
// another, disconnects, and the EWOULDBLOCK bookkeeping per connection.
#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

void interleave(ClauseContext& c) {
  Connection& a = c.conn(0);
  Connection& b = c.conn(1);
  EngineClient& cl = c.client();
  c.require(c.expect_ok("A: set k=1", cl.store(a, OPERATION_SET, "k", "1")));
  c.expect_value("k", "1", &b);
  c.require(c.expect_ok("B: append k+2", cl.store(b, OPERATION_APPEND, "k", "2")));
  c.expect_value("k", "12", &a);
  c.require(c.expect_ok("A: incr k 1", cl.arithmetic(a, "k", true, 1)));
  c.expect_value("k", "13", &b);
  c.require(c.expect_ok("B: remove k", cl.remove(b, "k")));
  c.expect_missing("k", &a);
  c.expect_ok("A: add k", cl.store(a, OPERATION_ADD, "k", "again"));
  c.expect_status("B: add k", cl.store(b, OPERATION_ADD, "k", "late"), ENGINE_NOT_STORED);
}

void cas_race(ClauseContext& c) {
  Connection& a = c.conn(0);
  Connection& b = c.conn(1);
  EngineClient& cl = c.client();
  c.must_set("k", "v0");
  OpResult seen_a = cl.get(a, "k");
  OpResult seen_b = cl.get(b, "k");
  c.require(c.expect_ok("A: get k", seen_a) && c.expect_ok("B: get k", seen_b));
  c.expect_ok("B: cas k=fromB", cl.store(b, OPERATION_CAS, "k", "fromB", 0, 0, seen_b.cas));
  c.expect_status("A: cas k=fromA with the CAS it read",
                  cl.store(a, OPERATION_CAS, "k", "fromA", 0, 0, seen_a.cas), ENGINE_KEY_EEXISTS);
  c.expect_value("k", "fromB", &a);
}

void many_connections(ClauseContext& c) {
  constexpr size_t kConns = 32;
  for (size_t i = 0; i < kConns; ++i) {
    c.require(c.expect_ok("conn " + std::to_string(i) + ": set",
                          c.client().store(c.conn(i), OPERATION_SET, "c" + std::to_string(i),
                                           "from" + std::to_string(i))));
  }
  for (size_t i = 0; i < kConns; ++i) {
    const size_t other = (i * 7 + 3) % kConns;
    c.expect_value("c" + std::to_string(other), "from" + std::to_string(other), &c.conn(i));
  }
}

void disconnect(ClauseContext& c) {
  Connection& a = c.conn(0);
  Connection& b = c.conn(1);
  c.require(c.expect_ok("B: set k", c.client().store(b, OPERATION_SET, "k", "fromB")));
  c.expect_value("k", "fromB", &b);
  c.core().disconnect(b);
  c.expect_value("k", "fromB", &a);
  c.require(c.expect_ok("A: set j", c.client().store(a, OPERATION_SET, "j", "fromA")));
  Connection& fresh = c.conn(2);
  c.expect_value("j", "fromA", &fresh);
}

void notify_balanced(ClauseContext& c) {
  EngineClient& cl = c.client();
  for (size_t i = 0; i < 3; ++i) {
    Connection& x = c.conn(i);
    const std::string k = "k" + std::to_string(i);
    c.expect_ok("set " + k, cl.store(x, OPERATION_SET, k, "1"));
    c.expect_ok("get " + k, cl.get(x, k));
    c.expect_ok("incr " + k, cl.arithmetic(x, k, true, 1));
    c.expect_status("stats", cl.stats(x).status, ENGINE_SUCCESS);
    c.expect_status("get missing", cl.get(x, "missing"), ENGINE_KEY_ENOENT);
    c.expect_ok("remove " + k, cl.remove(x, k));
    c.expect_ok("flush", cl.flush(x, 0));
  }
  for (size_t i = 0; i < 3; ++i) {
    const Connection& x = c.conn(i);
    const std::string who = "connection " + std::to_string(i) + ": ";
    c.expect_eq(who + "notifications accepted (one per EWOULDBLOCK)", x.notify_count,
                x.ewouldblock_count);
  }
  // A notify for a connection with nothing blocked memcached ignores: the
  // monitor's strict notify.spurious, not this clause's.
  NotifyAnomalies an = c.core().notify_anomalies();
  c.expect_eq("notifies for unknown cookies", an.unknown_cookie, 0);
  c.expect_eq("second notifies for one EWOULDBLOCK", an.double_notify, 0);
}

}  // namespace

std::vector<Clause> connection_clauses() {
  return {
      {"conn.interleave",
       "Operations from two connections, one after another, see each other's effects at once.",
       "Every memcached client is a different connection; a per-connection view is a stale cache.",
       "A sets, B reads; B appends, A reads; A incrs, B reads; B removes, A misses; A adds, B's "
       "add fails.",
       {},
       interleave},
      {"conn.cas_race",
       "Of two connections holding the same CAS, only the first cas wins; the second gets "
       "ENGINE_KEY_EEXISTS.",
       "This is the lost-update race CAS exists to prevent.",
       "A and B read k's CAS; B's cas succeeds; A's cas answers KEY_EEXISTS; k holds B's value.",
       ENGINE_FEATURE_CAS, cas_race},
      {"conn.many",
       "32 connections each store a key; every connection reads every other's.",
       "Engines that keep per-cookie state must not confuse cookies.",
       "32 connections set c<i>; connection i reads c<(7i+3) mod 32>.",
       {},
       many_connections},
      {"conn.disconnect",
       "Disconnecting one connection (ON_DISCONNECT) leaves the data and the other connections "
       "working.",
       "Clients come and go all the time; per-connection cleanup must not touch shared state.",
       "B sets k and disconnects; A reads k, sets j; a new connection reads j.",
       {},
       disconnect},
      {"async.notify.balanced",
       "Every ENGINE_EWOULDBLOCK is followed by exactly one notify_io_complete for that cookie.",
       "The core parks the connection until the notify: none hangs the client, two corrupt the "
       "next command.",
       "three connections run set/get/incr/stats/miss/remove/flush; per connection the accepted "
       "notifies equal the EWOULDBLOCKs, and no EWOULDBLOCK got two.",
       {},
       notify_balanced},
  };
}

}  // namespace enginesim::conformance
