// warmup.h - loading the log into the hash table at initialize (Warmup,
// AuxIO queue), and the gate that holds data operations until it is done.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "global_task.h"
#include "kvstore.h"
#include "memcached/engine.h"
#include "sync_object.h"

namespace ep {

class BgFetcher;
class EpEngine;

// Until finish(), admit() answers EWOULDBLOCK (remembering the cookie and
// its key, to be answered when warmup completes) or TMPFAIL
// (warmup_behavior=tmpfail, for cores that take it: memcached's binary get
// aborts on it, engine/ep/README.md).
// The completion check and the registration happen under one lock, so no
// cookie can register after the waiters were handed on. mutex_ is taken
// before BgFetcher::mutex_ (finish hands the waiters over under it) and
// nothing else; notifications happen after it is released.
class WarmupGate {
 public:
  WarmupGate(const SERVER_HANDLE_V1& sapi, bool tmpfail) : sapi_(sapi), tmpfail_(tmpfail) {}
  // `key`: the operation's key ("" for flush).
  ENGINE_ERROR_CODE admit(const void* cookie, std::string_view key);
  // flush's gate. memcached's binary flush has no EWOULDBLOCK case
  // (process_bin_flush answers EINVAL and never waits for a notify), so a
  // flush during warmup waits here, on its worker's thread, until warmup
  // completes; TMPFAIL with warmup_behavior=tmpfail or after abort().
  ENGINE_ERROR_CODE wait_open();
  bool complete() const;
  // Warmup is done: every waiter goes to the BgFetcher, which notifies it
  // (SUCCESS) once its key's value is resident. Warmup may have left the
  // value on disk (beyond max_size); a notify straight away would make the
  // re-call block again for the fetch, and a SUCCESS notify must mean ready
  // (the monitor's notify.premature, --strict-notify).
  void finish(BgFetcher& fetcher);
  // The cookie's connection is closing (ON_DISCONNECT): it is no longer
  // waited for. Called before BgFetcher::forget: a waiter is either still
  // here or already queued at the fetcher.
  void forget(const void* cookie);
  // Shutdown before completion: every waiter is notified with DISCONNECT
  // (memcached closes the connection; a get's handler aborts on TMPFAIL).
  void abort();

 private:
  void notify_all(std::vector<const void*> cookies, ENGINE_ERROR_CODE status);

  const SERVER_HANDLE_V1& sapi_;
  const bool tmpfail_;
  mutable SyncObject mutex_;  // woken when complete_ or aborted_ is set
  bool complete_ = false;
  bool aborted_ = false;
  struct Waiter {
    const void* cookie;
    std::string key;
  };
  std::vector<Waiter> waiters_;
};

// Scans warmup_batch records per run (warmup_pause seconds apart), applies
// them to the table (last record of a key wins; values load resident while
// under max_size, metadata only beyond), then cuts a torn tail off the log
// and opens the gate.
class Warmup : public GlobalTask {
 public:
  explicit Warmup(EpEngine& engine);
  bool run() override;
  std::string description() const override { return "Loading the log into memory"; }

 private:
  void apply(const ScannedRecord& scanned);
  bool finish();

  EpEngine& engine_;
  uint64_t offset_ = KVStore::data_start();
};

}  // namespace ep
