// compactor.h - Compactor (AuxIO queue): rewrites the log without dead
// records once enough of it is dead, and moves the table's disk locations
// to the new file.
#pragma once

#include <string>

#include "global_task.h"

namespace ep {

class EpEngine;

// Woken by the flusher when the log's dead bytes reach compaction_min_dead
// and half the file. The rewrite itself is KVStore::compact (new file,
// fsync, rename, fsync dir): a crash at any point leaves the old or the new
// log, each holding every live record.
class Compactor : public GlobalTask {
 public:
  explicit Compactor(EpEngine& engine);
  bool run() override;
  std::string description() const override { return "Compacting the log"; }

 private:
  EpEngine& engine_;
};

}  // namespace ep
