// expiry_pager.h - ExpiryPager (NonIO queue): every exp_pager_stime seconds
// removes expired items (and applies a delayed flush that came due); the
// deletes are queued for persistence like any other.
#pragma once

#include <string>

#include "global_task.h"

namespace ep {

class EpEngine;

class ExpiryPager : public GlobalTask {
 public:
  ExpiryPager(EpEngine& engine, double period_sec);
  bool run() override;
  std::string description() const override { return "Removing expired items"; }

 private:
  EpEngine& engine_;
  const double period_sec_;
};

}  // namespace ep
