// sim_workload.cpp - the seed's workload: a mix of memcached operations over
// a small key space with occasional clock advances.
#include "rng.h"
#include "sim_run.h"

namespace enginesim::sched {

const char* to_string(SimOp::Kind kind) {
  switch (kind) {
    case SimOp::Kind::get: return "get";
    case SimOp::Kind::set: return "set";
    case SimOp::Kind::add: return "add";
    case SimOp::Kind::replace: return "replace";
    case SimOp::Kind::append: return "append";
    case SimOp::Kind::remove: return "delete";
    case SimOp::Kind::incr: return "incr";
    case SimOp::Kind::decr: return "decr";
    case SimOp::Kind::advance_sec: return "advance";
  }
  return "?";
}

std::vector<std::vector<SimOp>> make_workload(const SimConfig& cfg) {
  Rng rng(cfg.seed ^ 0x5EEDF00DULL);
  std::vector<std::vector<SimOp>> out(cfg.connections);
  static constexpr SimOp::Kind kMix[] = {
      SimOp::Kind::get, SimOp::Kind::get, SimOp::Kind::set, SimOp::Kind::set,
      SimOp::Kind::add, SimOp::Kind::replace, SimOp::Kind::append,
      SimOp::Kind::remove, SimOp::Kind::incr, SimOp::Kind::decr};
  for (uint32_t c = 0; c < cfg.connections; ++c) {
    for (uint32_t i = 0; i < cfg.ops_per_connection; ++i) {
      SimOp op;
      if (rng.below(100) < cfg.time_advance_percent) {
        op.kind = SimOp::Kind::advance_sec;
        op.number = 1 + rng.below(120);
      } else {
        op.kind = kMix[rng.below(std::size(kMix))];
        op.key = static_cast<uint32_t>(rng.below(cfg.keys == 0 ? 1 : cfg.keys));
        op.number = rng.below(10);
        op.value = std::to_string(rng.below(1000));
      }
      out[c].push_back(std::move(op));
    }
  }
  return out;
}

}  // namespace enginesim::sched
