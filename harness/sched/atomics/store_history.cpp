// store_history.cpp - see store_history.h.
#include "harness/sched/atomics/store_history.h"

#include <algorithm>

#include "enginesim/check.h"

namespace enginesim::atomics {

void StoreHistory::stored(uint32_t loc, uint32_t thread, uint32_t clock, const VectorClock& release,
                          Value128 value) {
  std::deque<StoreRec>& h = stores_[loc];
  h.push_back({next_index_++, value, thread, clock, release});
  if (h.size() > kStoresKept) h.pop_front();
  saw(loc, thread, clock, h.back().index);  // a thread reads its own store or later
}

void StoreHistory::saw(uint32_t loc, uint32_t thread, uint32_t clock, uint64_t index) {
  auto& seen = seen_[{loc, thread}];
  if (!seen.empty() && seen.back().second >= index) return;
  if (!seen.empty() && seen.back().first == clock) {
    seen.back().second = index;
    return;
  }
  ES_CHECK(seen.empty() || seen.back().first < clock);
  seen.emplace_back(clock, index);
}

uint64_t StoreHistory::floor(uint32_t loc, const VectorClock& now) const {
  uint64_t out = 0;
  for (auto it = seen_.lower_bound({loc, 0}); it != seen_.end() && it->first.first == loc; ++it) {
    const uint32_t visible = now.get(it->first.second);
    // The newest entry this thread's clock has reached.
    for (auto e = it->second.rbegin(); e != it->second.rend(); ++e) {
      if (e->first <= visible) {
        out = std::max(out, e->second);
        break;
      }
    }
  }
  return out;
}

std::vector<const StoreRec*> StoreHistory::readable(uint32_t loc, uint32_t thread,
                                                    const VectorClock& now, Value128 latest) {
  std::vector<const StoreRec*> out;
  const auto it = stores_.find(loc);
  if (it == stores_.end() || it->second.empty()) return out;
  std::deque<StoreRec>& h = it->second;
  if (h.back().value != latest) {
    h.clear();  // written plainly since: only memory's value is known
    return out;
  }
  (void)thread;  // its own reads and stores count through its own clock
  const uint64_t oldest = floor(loc, now);
  for (auto rec = h.rbegin(); rec != h.rend(); ++rec) {
    if (rec->index < oldest) break;  // coherence: never older than what it saw
    out.push_back(&*rec);
    if (rec->clock <= now.get(rec->thread)) break;  // it happens before the load
  }
  ES_CHECK(!out.empty() && out.front() == &h.back());
  return out;
}

void StoreHistory::read(uint32_t loc, uint32_t thread, uint32_t clock, const StoreRec& rec) {
  saw(loc, thread, clock, rec.index);
}

void StoreHistory::read_latest(uint32_t loc, uint32_t thread, uint32_t clock) {
  const auto it = stores_.find(loc);
  if (it == stores_.end() || it->second.empty()) return;
  saw(loc, thread, clock, it->second.back().index);
}

}  // namespace enginesim::atomics
