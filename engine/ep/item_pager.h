// item_pager.h - ItemPager (NonIO queue): ejects the values of clean items
// while memory use exceeds max_size; their metadata stays resident.
#pragma once

#include <cstddef>
#include <string>

#include "global_task.h"

namespace ep {

class EpEngine;

// Woken (never polling) when a mutation, a fetch or a flusher batch leaves
// mem_used above max_size. Ejects down to 3/4 of max_size, skipping dirty
// values (not yet durable) and, once, values read since its last visit
// (a not-recently-used bit, so a value just fetched for a blocked get is
// not ejected before the get's re-call finds it).
class ItemPager : public GlobalTask {
 public:
  explicit ItemPager(EpEngine& engine);
  bool run() override;
  std::string description() const override { return "Ejecting values of clean items"; }

 private:
  size_t eject_until(size_t target_bytes);
  EpEngine& engine_;
};

}  // namespace ep
