// item_pager.cpp - ejecting clean values, not-recently-used ones first.
#include "item_pager.h"

#include "engine.h"

namespace ep {

ItemPager::ItemPager(EpEngine& engine) : GlobalTask(TaskKind::ItemPager, kForever), engine_(engine) {}

size_t ItemPager::eject_until(size_t target_bytes) {
  HashTable& table = engine_.table();
  const BgFetcher& fetcher = engine_.bg_fetcher();
  size_t ejected = 0;
  // Pass 1 spares values read since the last visit (and clears their bit);
  // pass 2 takes those too if memory is still above the target.
  for (int pass = 0; pass < 2 && table.mem_used() > target_bytes; ++pass) {
    table.for_each_stripe([&](HashTable::Stripe& s) {
      for (auto& [key, sv] : s.map) {
        if (table.mem_used() <= target_bytes) return;
        if (!sv.resident() || sv.dirty || sv.deleted || !sv.disk || fetcher.pinned(key)) continue;
        if (sv.referenced && pass == 0) {
          sv.referenced = false;
          continue;
        }
        table.eject_UNLOCKED(sv);
        ++ejected;
      }
    });
  }
  return ejected;
}

bool ItemPager::run() {
  const size_t max = engine_.config().max_size;
  if (engine_.table().mem_used() > max) {
    const size_t n = eject_until(max / 4 * 3);
    engine_.stats().bump(engine_.stats().ep_num_value_ejects, n);
  }
  snooze_forever();  // the next mutation, fetch or flush over the limit wakes it
  return true;
}

}  // namespace ep
