// history_generator.cpp - see history_generator.h. Its randomness is its own
// xorshift generator, seeded by the caller: never a schedule's decision.
#include "harness/model/history_generator.h"

#include <string>
#include <vector>

#include "harness/model/model.h"

namespace enginesim::model {
namespace {

// xorshift64*: the benchmark's only source of randomness, seeded explicitly.
class Prng {
 public:
  explicit Prng(uint64_t seed) : s_(seed ? seed : 0x9e3779b97f4a7c15ull) {}
  uint64_t next() {
    s_ ^= s_ >> 12, s_ ^= s_ << 25, s_ ^= s_ >> 27;
    return s_ * 0x2545f4914f6cdd1dull;
  }
  uint64_t below(uint64_t n) { return next() % n; }

 private:
  uint64_t s_;
};

// One connection's operation in flight: invoked, then takes effect, then
// returns; each phase happens when the scheduler picks the connection.
struct Flight {
  bool busy = false;
  bool applied = false;
  size_t entry = 0;
};

Operation random_op(Prng& rng, const GeneratorParams& p, const std::vector<uint64_t>& seen_cas) {
  const std::string key = "key" + std::to_string(rng.below(p.keys));
  const std::string value = "v" + std::to_string(rng.below(1000));
  const uint64_t r = rng.below(100);
  if (r < 35) return ops::get(key);
  if (r < 55) return ops::set(key, value, static_cast<uint32_t>(rng.below(4)));
  if (r < 62) return ops::add(key, value);
  if (r < 67) return ops::replace(key, value);
  if (r < 72) return ops::append(key, value);
  if (r < 75) return ops::prepend(key, value);
  if (r < 82) {
    const uint64_t cas = seen_cas.empty() ? 1 : seen_cas[rng.below(seen_cas.size())];
    return ops::cas(key, value, cas);
  }
  if (r < 88) return ops::remove(key);
  if (r < 97) return ops::arithmetic(rng.below(2) == 0, key, rng.below(10), rng.below(2) == 0, 5);
  if (r < 98) return ops::set(key, value, 0, static_cast<int64_t>(1 + rng.below(20)));
  return ops::get(key);
}

// The store's answer: the model's first (non-eviction) answer with fresh
// CAS values from a counter.
Result answer(const Model& m, State* s, const HistoryEntry& e, uint64_t* cas_counter,
              std::vector<uint64_t>* seen_cas) {
  // The core converts a relative exptime when the call starts.
  const Acceptable acc = m.acceptable(*s, e.op, *e.call_time);
  const Answer& a = acc.answers.front();
  Result r;
  r.status = a.status;
  if (a.value) r.value = *a.value;
  if (a.flags) r.flags = *a.flags;
  if (a.number) r.number = *a.number;
  if (a.cas_rule == CasRule::equals) r.cas = a.cas;
  if (a.cas_rule == CasRule::fresh || a.cas_rule == CasRule::learn) r.cas = ++*cas_counter;
  if (r.cas != 0) seen_cas->push_back(r.cas);
  *s = a.successor(r);
  return r;
}

}  // namespace

History generate_history(const GeneratorParams& p) {
  Prng rng(p.seed);
  const Model model;
  State store = model.initial_state();
  History h;
  std::vector<Flight> conns(p.connections + 1);  // +1: the driver (clock, flush)
  std::vector<uint64_t> seen_cas;
  uint64_t step = 1, cas_counter = 0;
  size_t started = 0, finished = 0;
  while (finished < p.operations) {
    const uint32_t c = static_cast<uint32_t>(rng.below(conns.size()));
    Flight& f = conns[c];
    if (!f.busy) {
      if (started == p.operations) continue;
      if (c == p.connections && rng.below(10) != 0) continue;  // the driver acts rarely
      HistoryEntry e;
      e.conn = c;
      e.call_step = step++;
      e.call_time = store.now;
      if (c == p.connections) {  // the driver: rare clock moves and flushes
        e.op = rng.below(3) == 0 ? ops::flush(static_cast<int64_t>(rng.below(2) * 5))
                                 : ops::advance_time(store.now + 1);
      } else {
        e.op = random_op(rng, p, seen_cas);
      }
      f = {true, false, h.entries.size()};
      h.entries.push_back(std::move(e));
      ++started;
    } else if (!f.applied) {
      HistoryEntry& e = h.entries[f.entry];
      e.result = answer(model, &store, e, &cas_counter, &seen_cas);
      f.applied = true;
    } else {
      HistoryEntry& e = h.entries[f.entry];
      e.return_step = step++;
      e.return_time = store.now;
      f.busy = false;
      ++finished;
    }
  }
  return h;
}

}  // namespace enginesim::model
