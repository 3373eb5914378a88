// core_conventions.h - what the real memcached core of one ABI profile does
// around its engine calls, as far as an engine can tell: the value layout,
// who converts exptimes, what the core refuses before the engine sees it,
// which optional slots it can do without. The fake core follows these; each
// field names the real core's behaviour it stands for (docs/core-fidelity.md
// cites the source lines, profile by profile).
#pragma once

#include <cstddef>

#include "memcached/engine.h"

namespace enginesim {

struct CoreConventions {
  // tutorial-2010: the core allocates value + "\r\n" and copies the CRLF in
  // (memcached.c process_update_command: `vlen += 2`); 1.6.0-beta1 stores the
  // bare value.
  bool value_crlf = true;
  // tutorial-2010: allocate/arithmetic get realtime(client exptime), the
  // server's relative time; 1.6.0-beta1: the client's raw exptime, which the
  // engine converts with SERVER_CORE_API.realtime.
  bool exptime_converted_by_core = true;
  // A NULL ENGINE_HANDLE_V1.arithmetic is allowed: main fills the slot with
  // the core's internal_arithmetic right after init_engine, which does
  // incr/decr with get, allocate and a CAS store (memcached.c@82fb476:
  // 6833-6835; daemon/memcached.c@1b4ba6b:7284-7286). Every profile so far.
  bool arithmetic_optional = true;
  // 1.6.0-beta1: binary VERBOSITY (0x1b) is the core's own command
  // (process_bin_verbosity, daemon/memcached.c@1b4ba6b:2722-2733, dispatched
  // at :2786): it never reaches unknown_command, and one without its 4-byte
  // level is a protocol error that answers EINVAL and closes the connection
  // (:2995-3001, handle_binary_protocol_error :2009-2017). The 2010 core has
  // no case for it and forwards it (memcached.c@82fb476:2931).
  bool verbosity_by_core = false;
  // 1.6.0-beta1: unknown_command's SUCCESS with nothing given ADD_RESPONSE
  // is a quiet command's answer: process_bin_unknown_packet writes the
  // response buffer only when there is one, else goes on to the next command
  // (daemon/memcached.c@1b4ba6b, `conn_set_state(c, conn_new_cmd)`), as the
  // 1.6 default engine's GATQ miss relies on. The 2010 core write_and_free's
  // the NULL buffer: an ascii SERVER_ERROR line (memcached.c@82fb476:
  // 2535-2558), which the strict rule unknown_command.reply reports.
  bool silent_unknown_command = false;
  // Keys longer than this never reach the engine: the core answers
  // CLIENT_ERROR (ascii) or EINVAL (binary) itself (KEY_MAX_LENGTH).
  size_t key_max_bytes = 250;
};

// Whether the core ever reads the exptime get_item_info reports for this
// engine. No reply to a client carries it (process_bin_get sends flags, CAS
// and value); the core reads info.exptime only in ship_tap_log (TAP, so an
// engine with get_tap_iterator) and internal_arithmetic (its own incr/decr,
// so an engine without arithmetic): memcached.c@82fb476 and
// daemon/memcached.c@1b4ba6b alike (docs/core-fidelity.md).
inline bool core_reads_item_exptime(const ENGINE_HANDLE_V1& v1) {
  return v1.get_tap_iterator != nullptr || v1.arithmetic == nullptr;
}

}  // namespace enginesim
