// sim_workload.cpp - the seed's workload: a mix of memcached operations over
// a small key space, some stores with an expiry time, and clock advances.
#include <algorithm>

#include "harness/sched/rng.h"
#include "harness/sim/sim_run.h"

namespace enginesim::sched {

using model::OpKind;

const std::vector<OpKind>& all_op_kinds() {
  static const std::vector<OpKind> kAll = {
      OpKind::get, OpKind::set, OpKind::add, OpKind::replace, OpKind::append,
      OpKind::prepend, OpKind::remove, OpKind::incr, OpKind::decr, OpKind::cas,
      OpKind::flush};
  return kAll;
}

bool parse_op_mix(const std::string& text, std::vector<OpKind>* kinds, std::string* error) {
  kinds->clear();
  size_t at = 0;
  while (at <= text.size()) {
    const size_t comma = std::min(text.find(',', at), text.size());
    const std::string word = text.substr(at, comma - at);
    bool found = false;
    for (OpKind k : all_op_kinds()) {
      if (word == model::op_kind_name(k, model::OpSyntax::workload)) {
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

std::string format_op_mix(const std::vector<OpKind>& kinds) {
  std::string out;
  for (OpKind k : kinds) {
    out += (out.empty() ? "" : ",") + std::string(model::op_kind_name(k, model::OpSyntax::workload));
  }
  return out;
}

namespace {

model::Operation random_op(Rng& rng, uint32_t keys, const std::vector<OpKind>& mix,
                           uint32_t expire_one_in) {
  static constexpr OpKind kMix[] = {
      OpKind::get, OpKind::get, OpKind::set, OpKind::set, OpKind::add, OpKind::replace,
      OpKind::append, OpKind::prepend, OpKind::remove, OpKind::incr, OpKind::decr};
  model::Operation op;
  op.kind = mix.empty() ? kMix[rng.below(std::size(kMix))] : mix[rng.below(mix.size())];
  if (op.kind == OpKind::flush) return op;  // draws nothing more
  op.key = "k" + std::to_string(rng.below(keys == 0 ? 1 : keys));
  if (op.kind == OpKind::incr || op.kind == OpKind::decr) op.delta = rng.below(10);
  if (model::is_store(op.kind)) {
    op.value = std::to_string(rng.below(1000));
    // 1 in expire_one_in stores (default a quarter) expire within five
    // minutes of virtual time.
    if (expire_one_in != 0 && rng.below(expire_one_in) == 0) op.exptime = static_cast<int64_t>(1 + rng.below(300));
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
