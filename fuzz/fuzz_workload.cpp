// fuzz_workload.cpp - decoding a workload from fuzz bytes.
#include "fuzz/fuzz_workload.h"

#include "harness/sim/workload_file.h"

namespace enginesim::fuzz {
namespace {

using model::OpKind;

// Every operation a workload has (sim_workload.cpp's all_op_kinds). The item
// operations are listed twice, so three picks in four are still operations
// that race on items; the rest reach cas, flush and the core's entry points
// that touch no item (get_stats, reset_stats, unknown_command, a client that
// disconnects), which a campaign could not reach before.
constexpr OpKind kKinds[] = {
    OpKind::get,     OpKind::set,         OpKind::add,     OpKind::replace,   OpKind::append,
    OpKind::prepend, OpKind::remove,      OpKind::incr,    OpKind::decr,      OpKind::get,
    OpKind::set,     OpKind::add,         OpKind::replace, OpKind::append,    OpKind::prepend,
    OpKind::remove,  OpKind::incr,        OpKind::decr,    OpKind::cas,       OpKind::flush,
    OpKind::stats,   OpKind::reset_stats, OpKind::unknown, OpKind::disconnect};

template <class T>
const T& pick(FuzzedDataProvider& data, const std::vector<T>& from) {
  return from[data.ConsumeIntegralInRange<size_t>(0, from.size() - 1)];
}

std::string consume_key(FuzzedDataProvider& data, const WorkloadLimits& limits) {
  // One in eight keys is fuzzed bytes (any byte, binary too); the rest come
  // from the small shared key space.
  if (data.ConsumeIntegralInRange<uint8_t>(0, 7) == 0) {
    std::string key = data.ConsumeRandomLengthString(limits.key_bytes_max);
    if (!key.empty() && key.size() <= sched::kWorkloadKeyMax) return key;
  }
  return "k" + std::to_string(data.ConsumeIntegralInRange<uint32_t>(0, limits.keys - 1));
}

model::Operation consume_op(FuzzedDataProvider& data, const WorkloadLimits& limits) {
  model::Operation op;
  op.kind = limits.mix.empty() ? data.PickValueInArray(kKinds) : pick(data, limits.mix);
  switch (op.kind) {
    case OpKind::flush:  // flushes now (the workload file's `flush`)
    case OpKind::reset_stats:
    case OpKind::disconnect: return op;
    case OpKind::unknown:
      // Only opcodes memcached's core forwards to unknown_command: the core
      // answers the rest itself, and the engine never sees them.
      op.opcode = pick(data, sched::unknown_opcodes());
      return op;
    case OpKind::stats:
      // No group (NULL), a group memcached's default engine answers, or
      // fuzzed bytes, as a client may send any.
      switch (data.ConsumeIntegralInRange<uint8_t>(0, 3)) {
        case 0:
        case 1: break;
        case 2: op.key = pick(data, sched::stats_groups()); break;
        default: op.key = data.ConsumeRandomLengthString(limits.key_bytes_max); break;
      }
      return op;
    default: break;
  }
  op.key = consume_key(data, limits);
  if (op.kind == OpKind::incr || op.kind == OpKind::decr) {
    // Small deltas mostly; now and then one that overflows.
    op.delta = data.ConsumeBool() ? data.ConsumeIntegralInRange<uint64_t>(0, 9)
                                  : data.ConsumeIntegral<uint64_t>();
  }
  if (model::is_store(op.kind)) {
    // Numeric values sometimes, so incr/decr meet something they can count.
    op.value = data.ConsumeBool() ? std::to_string(data.ConsumeIntegralInRange<uint32_t>(0, 999))
                                  : data.ConsumeRandomLengthString(limits.value_bytes_max);
    op.flags = data.ConsumeBool() ? 0 : data.ConsumeIntegral<uint32_t>();
    op.exptime = data.ConsumeBool() ? 0 : data.ConsumeIntegralInRange<uint32_t>(1, 300);
  }
  return op;
}

}  // namespace

sched::Workload consume_workload(FuzzedDataProvider& data, const WorkloadLimits& limits) {
  sched::Workload w;
  const uint32_t connections = data.ConsumeIntegralInRange<uint32_t>(1, limits.connections_max);
  w.connections.resize(connections);
  for (auto& ops : w.connections) {
    const uint32_t n = data.ConsumeIntegralInRange<uint32_t>(1, limits.ops_per_connection_max);
    for (uint32_t i = 0; i < n; ++i) {
      model::Operation op = consume_op(data, limits);
      // A cas sends the CAS of the newest version its connection has seen:
      // now and then a get of its key just before, as a client does.
      if (op.kind == OpKind::cas && data.ConsumeBool()) {
        model::Operation read;
        read.key = op.key;
        ops.push_back(std::move(read));
      }
      ops.push_back(std::move(op));
    }
  }
  const uint32_t advances = data.ConsumeIntegralInRange<uint32_t>(0, limits.advances_max);
  for (uint32_t i = 0; i < advances; ++i) {
    w.advances_sec.push_back(data.ConsumeIntegralInRange<uint64_t>(1, limits.advance_sec_max));
  }
  return w;
}

}  // namespace enginesim::fuzz
