// compactor.cpp - running a compaction and moving the table's locations.
#include "compactor.h"

#include "engine.h"
#include "lock_holders.h"

namespace ep {

Compactor::Compactor(EpEngine& engine) : GlobalTask(TaskKind::Compactor, kForever), engine_(engine) {}

bool Compactor::run() {
  KVStore& kv = engine_.kvstore();
  HashTable& table = engine_.table();
  if (kv.should_compact(engine_.config().compaction_min_dead)) {
    std::string why;
    // on_moved runs with the KVStore's write mutex held (lock order: it
    // comes before the stripe locks), so no flusher batch moves a location
    // between the file swap and this update.
    const bool ok = kv.compact(
        [&](const std::vector<MovedRecord>& moved) {
          for (const MovedRecord& m : moved) {
            HashTable::Stripe& s = table.stripe_for(m.key);
            LockHolder lock(s.mutex);
            StoredValue* sv = table.find_UNLOCKED(s, m.key);
            if (sv != nullptr && sv->disk == m.from) sv->disk = m.to;
          }
        },
        &why);
    if (!ok) {
      engine_.stats().bump(engine_.stats().ep_compaction_errors);
      if (!why.empty()) engine_.log_warning("compaction failed: " + why);
    }
  }
  snooze_forever();  // the flusher wakes it when enough of the log is dead
  return true;
}

}  // namespace ep
