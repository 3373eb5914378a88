// clauses_stats_unknown.cpp - get_info, get_stats, reset_stats, the optional
// stats entry points, unknown_command and errinfo.
#include <cstring>
#include <map>

#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

std::map<std::string, std::string> stats_of(ClauseContext& c) {
  StatsResult s = c.client().stats(c.conn());
  c.require(c.expect_status("get_stats(NULL)", s.status, ENGINE_SUCCESS));
  std::map<std::string, std::string> out;
  for (auto& [k, v] : s.stats) out[k] = v;
  return out;
}

void expect_stat(ClauseContext& c, const std::map<std::string, std::string>& stats,
                 const std::string& key, uint64_t expected) {
  auto it = stats.find(key);
  if (!c.expect_true("stat " + key, it != stats.end(), "present", "absent")) return;
  c.expect_eq("stat " + key, it->second, std::to_string(expected));
}

void wellformed(ClauseContext& c) {
  c.must_set("k", "v");
  StatsResult s = c.client().stats(c.conn());
  c.require(c.expect_status("get_stats(NULL)", s.status, ENGINE_SUCCESS));
  c.expect_true("number of ADD_STAT calls", !s.stats.empty(), "at least one", "0");
  for (const auto& [key, value] : s.stats) {
    bool key_ok = !key.empty();
    for (char ch : key) key_ok = key_ok && ch > ' ' && ch < 0x7f;
    c.expect_true("stat key", key_ok, "non-empty, printable, no spaces or NUL",
                  "\"" + printable(key) + "\"");
    const bool value_ok =
        value.find('\0') == std::string::npos && value.find_first_of("\r\n") == std::string::npos;
    c.expect_true("value of stat " + printable(key), value_ok, "no NUL, CR or LF",
                  "\"" + printable(value) + "\"");
  }
}

// cmd_get, cmd_set, get_hits, get_misses and the other command counters are
// the core's: memcached counts them itself and prints them after the
// engine's stats (server_stats), so no clause asks an engine for them.
void required(ClauseContext& c) {
  auto stats = stats_of(c);
  for (const char* key : {"curr_items", "total_items", "evictions"}) {
    auto it = stats.find(key);
    if (!c.expect_true(std::string("stat ") + key, it != stats.end(), "present", "absent"))
      continue;
    const bool decimal =
        !it->second.empty() && it->second.find_first_not_of("0123456789") == std::string::npos;
    c.expect_true(std::string("stat ") + key, decimal, "a decimal number",
                  "\"" + printable(it->second) + "\"");
  }
}

void run_workload(ClauseContext& c) {
  for (const char* k : {"a", "b", "c"}) c.must_set(k, k);
  c.expect_ok("get a", c.get("a"));
  c.expect_ok("get b", c.get("b"));
  c.expect_status("get x", c.get("x"), ENGINE_KEY_ENOENT);
}

void counts(ClauseContext& c) {
  run_workload(c);
  auto stats = stats_of(c);
  expect_stat(c, stats, "curr_items", 3);
  expect_stat(c, stats, "total_items", 3);
  c.require(c.expect_ok("remove a", c.client().remove(c.conn(), "a")));
  expect_stat(c, stats_of(c), "curr_items", 2);
}

void reset(ClauseContext& c) {
  run_workload(c);
  c.client().reset_stats(c.conn());
  auto stats = stats_of(c);
  expect_stat(c, stats, "total_items", 0);
  expect_stat(c, stats, "curr_items", 3);
  c.must_set("d", "d");
  stats = stats_of(c);
  expect_stat(c, stats, "total_items", 1);
  expect_stat(c, stats, "curr_items", 4);
}

void unknown_group(ClauseContext& c) {
  StatsResult s = c.client().stats(c.conn(), "enginesim_no_such_group");
  c.expect_true("get_stats(\"enginesim_no_such_group\")", s.status != ENGINE_SUCCESS,
                "an error (the default engine: ENGINE_KEY_ENOENT)", status_name(s.status));
}

void stats_struct(ClauseContext& c) {
  EngineClient& cl = c.client();
  if (cl.v1()->get_stats_struct == nullptr) c.skip("get_stats_struct is NULL (optional)");
  cl.v1()->get_stats_struct(cl.handle(), &c.conn());
  c.must_set("k", "v");
  c.expect_value("k", "v");
}

void aggregate(ClauseContext& c) {
  EngineClient& cl = c.client();
  if (cl.v1()->aggregate_stats == nullptr) c.skip("aggregate_stats is NULL (optional)");
  int calls = 0;
  // As server_stats calls it (memcached.c@82fb476:3523-3527): once, status
  // ignored, never waited for. The core reads the totals right after the
  // call, from its own stack: an EWOULDBLOCK and a later callback would write
  // into a frame that is gone.
  const ENGINE_ERROR_CODE status = cl.v1()->aggregate_stats(
      cl.handle(), &c.conn(), [](void*, void* data) { ++*static_cast<int*>(data); }, &calls);
  c.expect_true("aggregate_stats", status != ENGINE_EWOULDBLOCK,
                "any status but ENGINE_EWOULDBLOCK (the core never waits)", status_name(status));
}

void unknown_command(ClauseContext& c) {
  if (c.client().v1()->unknown_command == nullptr) {
    c.skip("unknown_command is NULL (the core answers 'unknown command' itself)");
  }
  std::string packet(sizeof(protocol_binary_request_header), '\0');
  auto* h = reinterpret_cast<protocol_binary_request_header*>(packet.data());
  h->request.magic = PROTOCOL_BINARY_REQ;
  h->request.opcode = 0xf7;  // not assigned to any command
  UnknownCommandResult r = c.client().unknown_command(c.conn(), packet);
  const bool enotsup = r.status == ENGINE_ENOTSUP;
  const bool answered = r.status == ENGINE_SUCCESS && !r.responses.empty();
  c.expect_true(
      "unknown_command(opcode 0xf7)", enotsup || answered,
      "ENGINE_ENOTSUP, or ENGINE_SUCCESS with an ADD_RESPONSE",
      status_name(r.status) + " with " + std::to_string(r.responses.size()) + " responses");
  c.must_set("k", "v");  // the engine still works
  c.expect_value("k", "v");
}

void errinfo(ClauseContext& c) {
  EngineClient& cl = c.client();
  if (cl.v1()->errinfo == nullptr) c.skip("errinfo is NULL (optional)");
  c.expect_status("get a missing key", c.get("missing"), ENGINE_KEY_ENOENT);
  char buffer[64];
  std::memset(buffer, 0x5a, sizeof buffer);
  const size_t n = cl.v1()->errinfo(cl.handle(), &c.conn(), buffer, 8);
  c.expect_true("errinfo(buffsz=8) result", n <= 8, "at most 8", std::to_string(n));
  bool untouched = true;
  for (size_t i = 8; i < sizeof buffer; ++i) untouched = untouched && buffer[i] == 0x5a;
  c.expect_true("bytes after the 8-byte buffer", untouched, "untouched", "overwritten");
}

void tap_noop(ClauseContext& c) {
  EngineClient& cl = c.client();
  if (cl.v1()->tap_notify == nullptr) c.skip("tap_notify is NULL (optional: no TAP consumer)");
  c.must_set("k", "v");
  CallOutcome out = cl.call(c.conn(), [&] {
    return cl.v1()->tap_notify(cl.handle(), &c.conn(), nullptr, 0, 0, 0, TAP_NOOP, 1, nullptr, 0, 0,
                               0, 0, nullptr, 0, 0);
  });
  // memcached takes any answer but DISCONNECT, which closes the TAP
  // connection (process_bin_tap_packet, memcached.c@82fb476 and
  // daemon/memcached.c@1b4ba6b).
  c.expect_true("tap_notify(TAP_NOOP)", out.status != ENGINE_DISCONNECT,
                "any status but ENGINE_DISCONNECT (ENGINE_SUCCESS)", status_name(out.status));
  c.expect_value("k", "v");
}

void get_info(ClauseContext& c) {
  LoadedEngine& e = c.engine();
  const engine_info* info = e.v1()->get_info(e.handle());
  c.require(c.expect_true("get_info()", info != nullptr, "non-NULL", "NULL"));
  c.expect_true("description", info->description != nullptr && info->description[0] != '\0',
                "a non-empty string", info->description ? "\"\"" : "NULL");
  c.expect_true("num_features", info->num_features <= 64, "at most 64",
                std::to_string(info->num_features));
  for (uint32_t i = 0; i < info->num_features && i < 64; ++i) {
    const feature_info& f = info->features[i];
    c.expect_true("feature " + std::to_string(f.feature),
                  f.feature <= LAST_REGISTERED_ENGINE_FEATURE || f.description != nullptr,
                  "a registered feature or one with a description", "an unnamed private feature");
  }
  c.must_set("k", "v");
  c.expect_true("get_info() after an operation", e.v1()->get_info(e.handle()) == info,
                "the same table", "a different pointer");
}

}  // namespace

std::vector<Clause> stats_unknown_clauses() {
  return {
      {"info.get_info",
       "get_info returns a stable table with a description and well-formed features.",
       "Tidy, and what tools and enginesim read (the CAS feature decides whether CAS values are "
       "checked). memcached only logs it, once, after initialize, and copes with NULL, a NULL "
       "description and unknown features (log_engine_details, utilities/engine_loader.c@"
       "123184c0); it looks up no feature.",
       "get_info: non-NULL, non-empty description, at most 64 features each registered or "
       "described, "
       "the same pointer after an operation.",
       {},
       get_info,
       Level::strict},
      {"stats.wellformed",
       "get_stats(NULL) calls ADD_STAT with exact lengths (no NUL counted, no CR/LF) and returns "
       "ENGINE_SUCCESS.",
       "The core writes 'STAT key value\\r\\n' from these lengths; a NUL or a newline breaks every "
       "client's parser.",
       "set k, get_stats(NULL): at least one stat; keys printable without spaces; values without "
       "NUL/CR/LF.",
       {},
       wellformed},
      {"stats.required",
       "The default stats include the engine's item stats curr_items, total_items and evictions as "
       "decimals.",
       "Monitoring (item count, eviction alarms) reads these names, which memcached's default "
       "engine reports; the core itself "
       "does not need them, and it counts cmd_get, cmd_set, get_hits and get_misses itself.",
       "get_stats(NULL) on a fresh engine: each of the three is present and a decimal number.",
       {},
       required,
       Level::strict},
      {"stats.counts",
       "The item stats count: curr_items live items, total_items stores.",
       "Item counts drive capacity planning; counting a re-called EWOULDBLOCK operation twice "
       "skews them. (The command "
       "counters are the core's own.)",
       "set a, b, c; get a, b, x: curr_items 3, total_items 3; remove a: curr_items 2.",
       {},
       counts,
       Level::strict},
      {"stats.reset",
       "reset_stats zeroes total_items but not curr_items, and counting resumes.",
       "Operators reset stats to measure an interval; curr_items is a gauge, not a counter.",
       "set 3, get 2 hits and 1 miss, reset_stats: total_items 0, curr_items 3; one more set gives "
       "total_items 1, "
       "curr_items 4.",
       {},
       reset,
       Level::strict},
      {"stats.unknown_group",
       "get_stats with a group the engine does not know answers an error, not ENGINE_SUCCESS "
       "(the default engine answers ENGINE_KEY_ENOENT).",
       "memcached answers 'ERROR' (SERVER_ERROR for ENOMEM and ENOTSUP) to 'stats <group>' for "
       "a status other than SUCCESS; SUCCESS with nothing hides a typo. The core takes every "
       "status (memcached.c@82fb476 process_stat, process_bin_stat): strict.",
       "get_stats(\"enginesim_no_such_group\"): any status but SUCCESS.",
       {},
       unknown_group,
       Level::strict},
      {"stats.struct.optional",
       "get_stats_struct may be NULL; when present it can be called on a live connection and the "
       "engine keeps working.",
       "The core calls it for per-thread stats when the slot is set.",
       "SKIP if NULL; else call it, then set and get k.",
       {},
       stats_struct},
      {"stats.aggregate.optional",
       "aggregate_stats may be NULL; when present it completes within the call: any status but "
       "ENGINE_EWOULDBLOCK.",
       "The core aggregates per-thread stats through it when the slot is set, ignores the "
       "status, and reads the totals from its stack right after the call (server_stats).",
       "SKIP if NULL; else call it once with a counting callback, as the core does: not "
       "EWOULDBLOCK.",
       {},
       aggregate},
      {"unknown_command.enotsup",
       "unknown_command for an opcode the engine does not handle returns ENGINE_ENOTSUP or answers "
       "through ADD_RESPONSE.",
       "The client should get an answer: memcached's core (memcached.c@82fb476 "
       "process_bin_unknown_packet) answers UNKNOWN_COMMAND for ENOTSUP, writes an ascii "
       "SERVER_ERROR for SUCCESS without a response and closes the connection on any other "
       "status. It copes with every return, so this is a strict finding.",
       "send a binary request with unassigned opcode 0xf7: ENOTSUP, or SUCCESS with a response; "
       "the engine still works.",
       {},
       unknown_command,
       Level::strict},
      {"tap.notify.noop",
       "tap_notify may be NULL; when present a TAP_NOOP does not answer ENGINE_DISCONNECT and "
       "changes nothing.",
       "TAP producers send NOOPs to keep the stream alive; memcached closes the TAP connection "
       "on ENGINE_DISCONNECT and acks any other status (process_bin_tap_packet).",
       "SKIP if NULL; else set k, tap_notify(TAP_NOOP) under the EWOULDBLOCK protocol: not "
       "DISCONNECT, k unchanged.",
       {},
       tap_noop},
      {"errinfo.bounded",
       "errinfo may be NULL; when present it writes at most buffsz bytes and returns at most "
       "buffsz.",
       "The core passes a fixed buffer; writing past it corrupts the core's memory.",
       "SKIP if NULL; after a miss call errinfo with buffsz 8 inside a 64-byte canary buffer.",
       {},
       errinfo},
  };
}

}  // namespace enginesim::conformance
