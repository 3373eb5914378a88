// sim_workload.cpp - the seed's workload: a mix of memcached operations over
// a small key space, some stores with an expiry time, and clock advances.
#include <algorithm>

#include "harness/sched/rng.h"
#include "harness/sim/sim_run.h"

namespace enginesim::sched {

using model::OpKind;

const std::vector<OpKind>& all_op_kinds() {
  static const std::vector<OpKind> kAll = {
      OpKind::get,     OpKind::set,    OpKind::add,         OpKind::replace, OpKind::append,
      OpKind::prepend, OpKind::remove, OpKind::incr,        OpKind::decr,    OpKind::cas,
      OpKind::flush,   OpKind::stats,  OpKind::reset_stats, OpKind::unknown, OpKind::disconnect};
  return kAll;
}

const std::vector<uint8_t>& unknown_opcodes() {
  // No engine of interface 1 declares the packets it handles, so seed
  // workloads send two that memcached's 2010 core forwards to unknown_command
  // (dispatch_bin_command, memcached.c@82fb476:2931, has no case for them):
  // 0x1b, VERBOSITY in the era's protocol_binary.h, and 0xf0, SCRUB there:
  // an engine-private command, which the 2010 default engine answers by
  // starting a thread that removes expired items (its unknown_command).
  static const std::vector<uint8_t> kOpcodes = {0x1b, 0xf0};
  return kOpcodes;
}

const std::vector<std::string>& stats_groups() {
  // The groups memcached's 2010 default engine answers (default_get_stats:
  // "slabs", "items", "sizes"); another engine answers them as it likes
  // (ENGINE_KEY_ENOENT, ENOTSUP: statuses the core takes).
  static const std::vector<std::string> kGroups = {"slabs", "items", "sizes"};
  return kGroups;
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
    out +=
        (out.empty() ? "" : ",") + std::string(model::op_kind_name(k, model::OpSyntax::workload));
  }
  return out;
}

namespace {

// The default mix, in 50ths: the item kinds as before issue 16 (gets and
// sets twice as often as the rest, no cas and no flush), and now and then
// one of the core's other run-time entry points, so that every default
// campaign calls them while items change: get_stats (with no group and with
// a group), reset_stats, unknown_command, and a client that disconnects
// without reading its previous answer (mid-block when that call blocked).
struct Weighted {
  OpKind kind;
  uint32_t weight;
};
constexpr Weighted kDefaultMix[] = {
    {OpKind::get, 8},       {OpKind::set, 8},     {OpKind::add, 4},         {OpKind::replace, 4},
    {OpKind::append, 4},    {OpKind::prepend, 4}, {OpKind::remove, 4},      {OpKind::incr, 4},
    {OpKind::decr, 4},      {OpKind::stats, 3},   {OpKind::reset_stats, 1}, {OpKind::unknown, 1},
    {OpKind::disconnect, 1}};

OpKind default_kind(Rng& rng) {
  uint32_t total = 0;
  for (const Weighted& w : kDefaultMix) total += w.weight;
  uint32_t pick = static_cast<uint32_t>(rng.below(total));
  for (const Weighted& w : kDefaultMix) {
    if (pick < w.weight) return w.kind;
    pick -= w.weight;
  }
  return kDefaultMix[0].kind;  // not reached: pick < total
}

model::Operation random_op(Rng& rng, uint32_t keys, const std::vector<OpKind>& mix,
                           uint32_t expire_one_in) {
  model::Operation op;
  op.kind = mix.empty() ? default_kind(rng) : mix[rng.below(mix.size())];
  if (op.kind == OpKind::flush || op.kind == OpKind::reset_stats || op.kind == OpKind::disconnect) {
    return op;  // draws nothing more
  }
  if (op.kind == OpKind::unknown) {
    op.opcode = unknown_opcodes()[rng.below(unknown_opcodes().size())];
    return op;
  }
  if (op.kind == OpKind::stats) {
    // Half without a group (NULL), half one of the groups.
    const uint64_t g = rng.below(2 * stats_groups().size());
    if (g < stats_groups().size()) op.key = stats_groups()[g];
    return op;
  }
  op.key = "k" + std::to_string(rng.below(keys == 0 ? 1 : keys));
  if (op.kind == OpKind::incr || op.kind == OpKind::decr) op.delta = rng.below(10);
  if (model::is_store(op.kind)) {
    op.value = std::to_string(rng.below(1000));
    // 1 in expire_one_in stores (default a quarter) expire within five
    // minutes of virtual time.
    if (expire_one_in != 0 && rng.below(expire_one_in) == 0)
      op.exptime = static_cast<int64_t>(1 + rng.below(300));
  }
  return op;
}

}  // namespace

size_t operations(const Workload& workload) {
  size_t n = workload.prefix.size() + workload.advances_sec.size();
  for (const auto& ops : workload.connections) n += ops.size();
  return n;
}

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
    std::vector<model::Operation>& ops = w.connections[c];
    ops.reserve(cfg.ops_per_connection);
    while (ops.size() < cfg.ops_per_connection) {
      model::Operation op = random_op(rng, cfg.keys, cfg.mix, cfg.expire_one_in);
      // A CAS store reads its key first, on the same connection, as a client
      // does (gets, then cas with the CAS it read), where the connection has
      // room for both: the store then carries a current CAS, and two
      // connections doing so at once race on one CAS, the race an engine's
      // compare-and-swap must settle (docs/scheduler.md, "Finding power":
      // the non-atomic CAS mutant went from 1 to 4 default seeds of 1,000).
      if (op.kind == OpKind::cas && ops.size() + 1 < cfg.ops_per_connection) {
        model::Operation read;
        read.kind = OpKind::get;
        read.key = op.key;
        ops.push_back(std::move(read));
      }
      ops.push_back(std::move(op));
    }
  }
  const uint64_t total = uint64_t{cfg.connections} * cfg.ops_per_connection;
  const uint64_t advances = (total * cfg.time_advance_percent + 50) / 100;
  for (uint64_t i = 0; i < advances; ++i) w.advances_sec.push_back(1 + clock_rng.below(120));
  return w;
}

}  // namespace enginesim::sched
