// core_arithmetic.cpp - incr/decr for an engine whose arithmetic slot is
// NULL, done by the core itself as memcached's internal_arithmetic does it:
// memcached.c@82fb476:5942-6046, which main installs in the empty slot right
// after init_engine (:6833-6835), and daemon/memcached.c@1b4ba6b:6308-6410,
// installed at :7285 (the same, on values without "\r\n").
#include <string>

#include "fakes/engine_client.h"

namespace enginesim {

OpResult EngineClient::core_arithmetic(Connection& conn, std::string_view key, bool increment,
                                       uint64_t delta, bool create, uint64_t initial,
                                       time_t exptime) {
  // memcached calls itself again, without bound, whenever the CAS store
  // answers KEY_EEXISTS ("We had a race condition"); here kMaxRecalls bounds
  // it. Where memcached returns an engine's EWOULDBLOCK to the connection
  // and runs the whole function again after the notify, the fake waits for
  // the notify at the call that blocked and goes on from there.
  for (int attempt = 0; attempt < kMaxRecalls; ++attempt) {
    OpResult cur = get(conn, key);
    if (cur.status == ENGINE_KEY_ENOENT && create) {
      // A new counter: allocate with flags 0 and the exptime arithmetic was
      // given, unconverted; no item_set_cas; store OPERATION_CAS. An engine
      // that refuses a CAS store of a missing key (the default engine's
      // do_store_item answers KEY_ENOENT) refuses the create, and the
      // client gets its answer.
      OpResult made =
          store_item(conn, OPERATION_CAS, key, std::to_string(initial), 0,
                     static_cast<rel_time_t>(exptime), 0, StoreSteps::core_arithmetic_create);
      made.blocks += cur.blocks;
      if (made.status == ENGINE_KEY_EEXISTS) continue;
      if (made.status == ENGINE_SUCCESS) made.number = initial;
      return made;
    }
    if (cur.status != ENGINE_SUCCESS) return cur;
    uint64_t value = 0;
    const bool numeric = !cur.value.empty() && cur.value.size() <= 20 &&
                         cur.value.find_first_not_of("0123456789") == std::string::npos;
    if (numeric) {
      for (char d : cur.value) value = value * 10 + static_cast<uint64_t>(d - '0');
    }
    if (!numeric || (cur.value.size() == 20 && cur.value > "18446744073709551615")) {
      OpResult out;
      out.status = ENGINE_EINVAL;  // safe_strtoull refused it
      out.blocks = cur.blocks;
      return out;
    }
    value = increment ? value + delta : (delta > value ? 0 : value - delta);
    // The new item gets the old one's flags and the exptime get_item_info
    // reported, handed to allocate as it came: server time, which is what
    // the 2010 core's allocate takes. The 1.6.0-beta1 core hands it over the
    // same way, but there the engine converts allocate's exptime with
    // realtime(), which reads a server time as seconds from now and moves
    // the expiry later; the fake sends the absolute time that converts back
    // to the same server time instead (a false verdict on
    // period_engine_beta1_noarith otherwise; docs/core-fidelity.md).
    const rel_time_t keep = cur.exptime;
    rel_time_t alloc_exptime = keep;
    if (!core_.conventions().exptime_converted_by_core && keep != 0) {
      alloc_exptime = static_cast<rel_time_t>(core_.clock().process_started_unix_sec() +
                                              static_cast<time_t>(keep));
    }
    OpResult stored = store_item(conn, OPERATION_CAS, key, std::to_string(value), cur.flags,
                                 alloc_exptime, cur.cas, StoreSteps::core_arithmetic_update);
    stored.blocks += cur.blocks;
    if (stored.status == ENGINE_KEY_EEXISTS) continue;
    if (stored.status == ENGINE_SUCCESS) stored.number = value;
    return stored;
  }
  OpResult out;
  out.status = ENGINE_TMPFAIL;
  out.problem = "the core's arithmetic lost the CAS race " + std::to_string(kMaxRecalls) + " times";
  return out;
}

}  // namespace enginesim
