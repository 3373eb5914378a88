// flusher.h - Flusher (Writer queue): drains the persistence queue in
// batches into the KVStore and marks what became durable clean.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "global_task.h"
#include "stored_value.h"

namespace ep {

class EpEngine;

// The durability rule this task implements: an entry is marked clean (and
// so may have its value ejected) only after the batch holding its last
// mutation was written AND fsync'd, and only if no newer mutation happened
// meanwhile (its seqno still matches). Snoozes forever while the queue is
// empty; a mutation that queues a key wakes it.
class Flusher : public GlobalTask {
 public:
  explicit Flusher(EpEngine& engine);
  bool run() override;
  std::string description() const override { return "Flushing dirty items to the log"; }
  // Shutdown: flushes on the calling thread until the queue is empty.
  // false when a write kept failing (what is left is lost, and logged).
  bool drain();

 private:
  struct Pending {
    std::string key;
    uint64_t seqno;
    bool is_delete;
  };
  enum class BatchResult { empty, written, failed };
  BatchResult flush_batch();
  // Encodes the state each key has now (keys are moved from).
  void snapshot(std::vector<std::string>* keys, std::vector<Pending>* pending,
                std::vector<std::string>* records);
  // With the KVStore's write mutex held: the batch is durable.
  void mark_durable(const std::vector<Pending>& pending, const std::vector<DiskLoc>& locs);
  void requeue(const std::vector<Pending>& pending);

  EpEngine& engine_;
};

}  // namespace ep
