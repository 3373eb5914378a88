// workload_shape.cpp - swarm testing's per-seed workload shape.
#include "harness/sim/workload_shape.h"

#include <algorithm>
#include <iterator>

#include "enginesim/check.h"
#include "harness/sched/rng.h"

namespace enginesim::sched {
namespace {

template <size_t N>
uint32_t pick(Rng& rng, const uint32_t (&table)[N]) {
  return table[rng.below(N)];
}

// Each item kind is in with probability 1/2, with a weight of 1..4; each
// of the core's itemless entry points (stats, reset_stats, unknown,
// disconnect) with probability 1/4 and a weight of 1, so that they run
// beside the item operations without thinning them out (a CAS split over
// two lock holds needs gets and cas on one key). A mix that cannot create an
// item (no set, add or cas) gets a set: without one every operation meets an
// empty cache.
std::vector<model::OpKind> draw_mix(Rng& rng) {
  const std::vector<model::OpKind>& kinds = all_op_kinds();
  std::vector<model::OpKind> mix;
  for (model::OpKind k : kinds) {
    const bool itemless = model::is_itemless(k);
    const bool in = rng.below(itemless ? 4 : 2) == 0;
    const uint64_t weight = itemless ? 1 : 1 + rng.below(4);
    if (in) mix.insert(mix.end(), weight, k);
  }
  const auto creates = [](model::OpKind k) {
    return k == model::OpKind::set || k == model::OpKind::add || k == model::OpKind::cas;
  };
  if (std::none_of(mix.begin(), mix.end(), creates)) mix.push_back(model::OpKind::set);
  ES_CHECK(!mix.empty());
  return mix;
}

}  // namespace

WorkloadShape draw_shape(uint64_t seed, const WorkloadShape& given, const ShapeFixed& fixed) {
  // Key counts lean to few keys (one key is the most contended), clock
  // advances and expiring stores from none to many.
  static constexpr uint32_t kKeys[] = {1, 1, 1, 2, 2, 3, 4, 8};
  static constexpr uint32_t kExpireOneIn[] = {0, 0, 1, 2, 4, 8};
  static constexpr uint32_t kAdvancePercent[] = {0, 2, 5, 10, 20, 40};
  static constexpr uint32_t kWorkers[] = {0, 0, 0, 1, 2};
  Rng rng(seed ^ 0x5A4A4D5348415045ULL);
  WorkloadShape s;
  s.connections = 2 + static_cast<uint32_t>(rng.below(3));  // 2..4
  s.ops = 3 + static_cast<uint32_t>(rng.below(14));         // 3..16
  s.keys = pick(rng, kKeys);
  s.mix = draw_mix(rng);
  s.expire_one_in = pick(rng, kExpireOneIn);
  s.advance_percent = pick(rng, kAdvancePercent);
  s.workers = pick(rng, kWorkers);
  if (fixed.connections) s.connections = given.connections;
  if (fixed.ops) s.ops = given.ops;
  if (fixed.keys) s.keys = given.keys;
  if (fixed.mix) s.mix = given.mix;
  if (fixed.expire_one_in) s.expire_one_in = given.expire_one_in;
  if (fixed.advance_percent) s.advance_percent = given.advance_percent;
  if (fixed.workers) s.workers = given.workers;
  // Workers shared only when fewer than the connections.
  if (s.workers >= s.connections) s.workers = 0;
  return s;
}

std::string describe_shape(const WorkloadShape& s) {
  std::string out = std::to_string(s.connections) + " connections x " + std::to_string(s.ops) +
                    " ops, " + std::to_string(s.keys) + (s.keys == 1 ? " key" : " keys") +
                    ", mix " + (s.mix.empty() ? std::string("classic") : format_op_mix(s.mix));
  out += s.expire_one_in == 0 ? ", no store expires"
                              : ", 1 in " + std::to_string(s.expire_one_in) + " stores expire";
  out += ", " + std::to_string(s.advance_percent) + "% clock advances";
  out += s.workers == 0 ? ", one worker per connection"
                        : ", " + std::to_string(s.workers) + " worker(s)";
  return out;
}

WorkloadShape shape_of(const SimConfig& c) {
  WorkloadShape s;
  s.connections = c.connections;
  s.ops = c.ops_per_connection;
  s.keys = c.keys;
  s.mix = c.mix;
  s.expire_one_in = c.expire_one_in;
  s.advance_percent = c.time_advance_percent;
  s.workers = c.workers;
  return s;
}

void apply_shape(const WorkloadShape& s, SimConfig* c) {
  c->connections = s.connections;
  c->ops_per_connection = s.ops;
  c->keys = s.keys;
  c->mix = s.mix;
  c->expire_one_in = s.expire_one_in;
  c->time_advance_percent = s.advance_percent;
  c->workers = s.workers;
}

}  // namespace enginesim::sched
