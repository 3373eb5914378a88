// operation.h - one memcached operation as plain data, its observed result,
// and their one-line text forms (which round-trip).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "memcached/engine.h"

namespace enginesim::model {

enum class OpKind : uint8_t {
  get,
  add,
  set,
  replace,
  append,
  prepend,
  cas,
  remove,
  incr,
  decr,
  flush,         // on every key
  advance_time,  // the driver moved the virtual clock; on every key
  // Workload-only kinds that touch no item (is_itemless): the core's other
  // run-time entry points and a client's close. Never in a history.
  stats,        // get_stats; key = the group, empty = none (NULL)
  reset_stats,  // reset_stats
  unknown,      // unknown_command with a binary request of `opcode`
  disconnect,   // the client closes without reading its previous answer
};

// An operation's text has two spellings, read and written by one codec
// (to_text / parse_operation below):
//   history   the model's and history files': every key quoted, every field
//             named ("remove", "incr \"n\" delta=2", "cas ... cas=17");
//   workload  workload files' (harness/sim/workload_file.h) and the trace's:
//             a key bare where it can be ("delete k", "incr k 2",
//             "set k \"v\" exptime=30 flags=7"); only what a workload holds:
//             a cas without its CAS (the driver sends the newest its
//             connection saw), incr/decr without create, a flush now, no
//             advance_time (a workload's clock advances apart); and the
//             itemless kinds: "stats", "stats slabs", "reset_stats",
//             "unknown 0x1b", "disconnect" (the history spelling has none).
enum class OpSyntax : uint8_t { history, workload };

// "remove" is "delete" in the workload spelling, which has no advance_time;
// the history spelling has no itemless kind.
const char* op_kind_name(OpKind kind, OpSyntax syntax = OpSyntax::history);
std::optional<OpKind> op_kind_from_name(std::string_view name, OpSyntax syntax = OpSyntax::history);
// flush and advance_time concern every key; every other kind one key.
bool is_global(OpKind kind);
bool is_store(OpKind kind);  // add set replace append prepend cas
// stats, reset_stats, unknown, disconnect: no item is read or changed, the
// model has no answer for them, and the simulation keeps them out of the
// history (a global no-op there would join every key's partition).
bool is_itemless(OpKind kind);

struct Operation {
  OpKind kind = OpKind::get;
  std::string key;     // empty for flush and advance_time
  std::string value;   // store kinds
  uint32_t flags = 0;  // store kinds
  // As the client sends it (relative seconds, absolute unix time above 30
  // days, negative = already expired); store kinds and incr/decr with create.
  int64_t exptime = 0;
  uint64_t cas = 0;     // cas (and set: non-zero makes it a cas), remove
  uint64_t delta = 0;   // incr, decr
  bool create = false;  // incr, decr: store `initial` when missing
  uint64_t initial = 0;
  int64_t flush_when = 0;  // flush: 0 = now, else as flush_all's delay
  uint32_t time = 0;       // advance_time: server time (rel_time_t) after it
  uint8_t opcode = 0;      // unknown: the binary request's opcode

  bool operator==(const Operation&) const = default;
};

// How an operation ended for the client.
enum class Completion : uint8_t {
  returned,     // the result below is what the client got
  notify_lost,  // EWOULDBLOCK never followed by a notify: may still happen
  pending,      // the run ended before it returned
  // The engine answered ENGINE_DISCONNECT. memcached closes the connection
  // for a get, a store (allocate or store) or an incr/decr and answers a
  // remove or a flush with EINVAL (memcached.c@82fb476 process_bin_get,
  // process_bin_update, complete_update_bin, complete_incr_bin,
  // process_bin_delete, process_bin_flush): either way the client learns
  // nothing of the effect, so it may or may not have happened.
  disconnect,
};

struct Result {
  Completion completion = Completion::returned;
  ENGINE_ERROR_CODE status = ENGINE_SUCCESS;
  std::string value;    // get: the value without "\r\n"
  uint32_t flags = 0;   // get
  uint64_t cas = 0;     // get: the item's; store/arithmetic: the new one
  uint64_t number = 0;  // incr/decr: the new value
  // get: the item's server-relative exptime, when the recorder kept it.
  std::optional<uint32_t> exptime;

  // The operation may or may not have taken effect, at any time after its
  // invocation; the client saw nothing it can rely on.
  bool uncertain() const { return completion != Completion::returned; }
  bool operator==(const Result&) const = default;
};

// Text forms, e.g.
//   set "k" "v" flags=3 exptime=10        cas "k" "v" cas=17
//   incr "n" delta=2 create initial=5     flush when=30     advance_time to=40
//   ENGINE_SUCCESS value="v" flags=3 cas=17      pending      notify_lost
//   disconnect
// Fields at their default value are left out; keys and values are quoted
// with quote() from text_codec.h.
// In the workload spelling, fields it has no words for are left out.
std::string to_text(const Operation& op, OpSyntax syntax = OpSyntax::history);
void append_text(std::string* out, const Operation& op, OpSyntax syntax = OpSyntax::history);
std::string to_text(const Result& result);
// Parse the forms above; nullopt with *error naming what is wrong.
std::optional<Operation> parse_operation(std::string_view text, std::string* error,
                                         OpSyntax syntax = OpSyntax::history);
std::optional<Result> parse_result(std::string_view text, std::string* error);

std::string status_text(ENGINE_ERROR_CODE status);  // "ENGINE_SUCCESS"
std::optional<ENGINE_ERROR_CODE> status_from_text(std::string_view name);

// The operation as the model judges it: what memcached ignores for its kind
// cleared (append and prepend keep the item's flags and exptime).
Operation as_judged(Operation op);

// Builders that read like the client call.
namespace ops {
Operation get(std::string key);
Operation store(OpKind kind, std::string key, std::string value, uint32_t flags = 0,
                int64_t exptime = 0, uint64_t cas = 0);
Operation set(std::string key, std::string value, uint32_t flags = 0, int64_t exptime = 0);
Operation add(std::string key, std::string value, uint32_t flags = 0, int64_t exptime = 0);
Operation replace(std::string key, std::string value, uint32_t flags = 0, int64_t exptime = 0);
Operation append(std::string key, std::string value);
Operation prepend(std::string key, std::string value);
Operation cas(std::string key, std::string value, uint64_t cas, uint32_t flags = 0,
              int64_t exptime = 0);
Operation remove(std::string key, uint64_t cas = 0);
Operation incr(std::string key, uint64_t delta);
Operation decr(std::string key, uint64_t delta);
Operation arithmetic(bool increment, std::string key, uint64_t delta, bool create, uint64_t initial,
                     int64_t exptime = 0);
Operation flush(int64_t when = 0);
Operation advance_time(uint32_t to);
Operation stats(std::string group = "");  // "" = get_stats with NULL
Operation reset_stats();
Operation unknown(uint8_t opcode);
Operation disconnect();
}  // namespace ops

// Results as a test writes them.
namespace results {
Result status(ENGINE_ERROR_CODE status);
Result stored(uint64_t cas);                                        // SUCCESS + new cas
Result value(std::string value, uint64_t cas, uint32_t flags = 0);  // a hit
Result number(uint64_t number, uint64_t cas);                       // incr/decr
Result pending();
Result notify_lost();
Result disconnect();
}  // namespace results

}  // namespace enginesim::model
