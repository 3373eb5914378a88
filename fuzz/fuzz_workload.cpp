// fuzz_workload.cpp - decoding a workload from fuzz bytes.
#include "fuzz/fuzz_workload.h"

#include "harness/sim/workload_file.h"

namespace enginesim::fuzz {
namespace {

using model::OpKind;

constexpr OpKind kKinds[] = {OpKind::get,     OpKind::set,    OpKind::add,
                             OpKind::replace, OpKind::append, OpKind::prepend,
                             OpKind::remove,  OpKind::incr,   OpKind::decr};

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
  op.kind = data.PickValueInArray(kKinds);
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
    for (uint32_t i = 0; i < n; ++i) ops.push_back(consume_op(data, limits));
  }
  const uint32_t advances = data.ConsumeIntegralInRange<uint32_t>(0, limits.advances_max);
  for (uint32_t i = 0; i < advances; ++i) {
    w.advances_sec.push_back(data.ConsumeIntegralInRange<uint64_t>(1, limits.advance_sec_max));
  }
  return w;
}

}  // namespace enginesim::fuzz
