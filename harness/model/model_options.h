// model_options.h - what the model is told about the engine under test and
// the run: the properties that widen what is acceptable, and how an
// engine's own tables set them.
#pragma once

#include <cstdint>
#include <ctime>

#include "fakes/clock.h"
#include "harness/level.h"
#include "memcached/engine.h"

namespace enginesim::model {

// Properties of the engine under test that widen what is acceptable.
// What an engine may spend of item_size_max on its own item header and CAS.
inline constexpr uint32_t kItemOverheadMaxBytes = 1024;

struct ModelOptions {
  // The engine advertises ENGINE_FEATURE_CAS: every new version gets a new
  // non-zero CAS, a get reports the version's CAS, a CAS op succeeds exactly
  // with the current version's CAS. Without it CAS values are not checked
  // and a CAS op may succeed or fail with KEY_EEXISTS.
  bool cas_feature = true;
  // The engine may evict under memory pressure: any item may vanish at any
  // moment. A store, an incr/decr or a remove refused with ENOMEM or
  // TMPFAIL, without effect, is then allowed at every level, as it is at the
  // required level without it (Model::successors).
  bool may_evict = false;
  // The unix time at which the server started (absolute exptimes are
  // relative to it); the fake core's default.
  time_t process_started_unix_sec =
      VirtualClock::kDefaultEpochUnixSec - VirtualClock::kProcessStartBeforeEpochSec;
  uint32_t item_size_max = 1024 * 1024 + 2;  // largest nbytes (value + "\r\n")
  uint32_t key_max = 250;                    // longest key in bytes
  // Level::required allows what memcached's core accepts from its default
  // engine (docs/core-fidelity.md): a delayed flush one second early, E2BIG
  // for a value whose whole item (header, key) passes item_size_max, an
  // empty value counting as 0 for incr/decr, a flushed item revived by a
  // later delayed flush (State::flushed). Level::strict withdraws them.
  Level level = Level::required;
  // The core hands the engine the client's raw exptime (1.6.0-beta1): the
  // engine converts it with realtime() whenever it runs, anywhere between
  // the call and the return, not at the call.
  bool engine_converts_exptime = false;
  // memcached reads the exptime get_item_info reports only for TAP
  // (ship_tap_log) and for its own incr/decr of an engine without
  // arithmetic (internal_arithmetic; memcached.c@82fb476,
  // daemon/memcached.c@1b4ba6b); no reply to a client carries it. False (an
  // engine with arithmetic and no TAP iterator): a get's reported exptime is
  // checked only at Level::strict.
  bool exptime_read_by_core = true;
  // The engine has no arithmetic slot: incr/decr are the core's own
  // (internal_arithmetic, memcached.c@82fb476:5942-6046; 1.6.0-beta1 the
  // same). It creates a missing counter with allocate and an OPERATION_CAS
  // store with no CAS set, which an engine may refuse with KEY_ENOENT (the
  // default engine's do_store_item does), and it hands allocate the
  // client's expiration unconverted. So incr/decr with create on a missing
  // key may answer KEY_ENOENT without effect, and the raw expiration may be
  // kept as server time, at every level: the core does both, not the engine.
  bool core_arithmetic = false;

  bool operator==(const ModelOptions&) const = default;
};

// `base` with what an engine shows of itself, as every checker reads it:
// its CAS feature (from get_info), whether the core reads the exptime its
// get_item_info reports (core_reads_item_exptime: a TAP iterator, or no
// arithmetic), and whether incr/decr are the core's own (no arithmetic).
// The rest is `base`'s. Null `info`: no CAS feature; null `v1`: `base`'s.
ModelOptions options_shown_by(const engine_info* info, const ENGINE_HANDLE_V1* v1,
                              ModelOptions base = {});

}  // namespace enginesim::model
