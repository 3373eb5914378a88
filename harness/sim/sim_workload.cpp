// sim_workload.cpp - the seed's workload: a mix of memcached operations over
// a small key space, some stores with an expiry time, and clock advances.
#include <algorithm>

#include "harness/sched/rng.h"
#include "harness/sim/sim_run.h"

namespace enginesim::sched {

const char* to_string(SimOp::Kind kind) {
  switch (kind) {
    case SimOp::Kind::get: return "get";
    case SimOp::Kind::set: return "set";
    case SimOp::Kind::add: return "add";
    case SimOp::Kind::replace: return "replace";
    case SimOp::Kind::append: return "append";
    case SimOp::Kind::prepend: return "prepend";
    case SimOp::Kind::remove: return "delete";
    case SimOp::Kind::incr: return "incr";
    case SimOp::Kind::decr: return "decr";
    case SimOp::Kind::cas: return "cas";
    case SimOp::Kind::flush: return "flush";
  }
  return "?";
}

const std::vector<SimOp::Kind>& all_op_kinds() {
  static const std::vector<SimOp::Kind> kAll = {
      SimOp::Kind::get, SimOp::Kind::set, SimOp::Kind::add, SimOp::Kind::replace,
      SimOp::Kind::append, SimOp::Kind::prepend, SimOp::Kind::remove, SimOp::Kind::incr,
      SimOp::Kind::decr, SimOp::Kind::cas, SimOp::Kind::flush};
  return kAll;
}

bool parse_op_mix(const std::string& text, std::vector<SimOp::Kind>* kinds, std::string* error) {
  kinds->clear();
  size_t at = 0;
  while (at <= text.size()) {
    const size_t comma = std::min(text.find(',', at), text.size());
    const std::string word = text.substr(at, comma - at);
    bool found = false;
    for (SimOp::Kind k : all_op_kinds()) {
      if (word == to_string(k)) {
        kinds->push_back(k);
        found = true;
      }
    }
    if (!found) {
      *error = "bad operation mix '" + text + "': unknown operation '" + word +
               "' (a comma-separated list of " + format_op_mix(all_op_kinds()) + ")";
      return false;
    }
    at = comma + 1;
  }
  return true;
}

std::string format_op_mix(const std::vector<SimOp::Kind>& kinds) {
  std::string out;
  for (SimOp::Kind k : kinds) out += (out.empty() ? "" : ",") + std::string(to_string(k));
  return out;
}

bool is_store(SimOp::Kind kind) {
  switch (kind) {
    case SimOp::Kind::set:
    case SimOp::Kind::add:
    case SimOp::Kind::replace:
    case SimOp::Kind::append:
    case SimOp::Kind::prepend:
    case SimOp::Kind::cas: return true;
    default: return false;
  }
}

namespace {

SimOp random_op(Rng& rng, uint32_t keys, const std::vector<SimOp::Kind>& mix,
                uint32_t expire_one_in) {
  static constexpr SimOp::Kind kMix[] = {
      SimOp::Kind::get, SimOp::Kind::get, SimOp::Kind::set, SimOp::Kind::set,
      SimOp::Kind::add, SimOp::Kind::replace, SimOp::Kind::append, SimOp::Kind::prepend,
      SimOp::Kind::remove, SimOp::Kind::incr, SimOp::Kind::decr};
  SimOp op;
  op.kind = mix.empty() ? kMix[rng.below(std::size(kMix))] : mix[rng.below(mix.size())];
  if (op.kind == SimOp::Kind::flush) return op;  // draws nothing more
  op.key = "k" + std::to_string(rng.below(keys == 0 ? 1 : keys));
  if (op.kind == SimOp::Kind::incr || op.kind == SimOp::Kind::decr) op.number = rng.below(10);
  if (is_store(op.kind)) {
    op.value = std::to_string(rng.below(1000));
    // 1 in expire_one_in stores (default a quarter) expire within five
    // minutes of virtual time.
    if (expire_one_in != 0 && rng.below(expire_one_in) == 0) op.exptime = static_cast<uint32_t>(1 + rng.below(300));
  }
  return op;
}

}  // namespace

Workload make_workload(const SimConfig& cfg) {
  if (cfg.workload) return *cfg.workload;
  // Independent generators: changing the op count of one connection or the
  // clock's share does not reshuffle the other streams.
  Rng root(cfg.seed ^ 0x5EEDF00DULL);
  Rng clock_rng = root.split();
  Workload w;
  w.connections.resize(cfg.connections);
  for (uint32_t c = 0; c < cfg.connections; ++c) {
    Rng rng = root.split();
    for (uint32_t i = 0; i < cfg.ops_per_connection; ++i) {
      w.connections[c].push_back(random_op(rng, cfg.keys, cfg.mix, cfg.expire_one_in));
    }
  }
  const uint64_t total = uint64_t{cfg.connections} * cfg.ops_per_connection;
  const uint64_t advances = (total * cfg.time_advance_percent + 50) / 100;
  for (uint64_t i = 0; i < advances; ++i) w.advances_sec.push_back(1 + clock_rng.below(120));
  return w;
}

}  // namespace enginesim::sched
