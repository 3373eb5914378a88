// bg_fetcher.h - BgFetcher (Reader queue): reads values that the item pager
// ejected for the gets (and appends, arithmetic) that returned EWOULDBLOCK.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "global_task.h"
#include "memcached/types.h"

namespace ep {

class EpEngine;
struct StoredValue;

// For each request: read the key's record, put the value back into the hash
// table (if the entry still is the one that was read), then - with no lock
// held - notify_io_complete(cookie, ENGINE_SUCCESS). The core's re-call then
// finds the value resident: it stays pinned (StoredValue::fetch_pins) until
// the re-call reads it. Exactly one notify per request.
class BgFetcher : public GlobalTask {
 public:
  explicit BgFetcher(EpEngine& engine);
  // Queues a fetch for a call that is about to return EWOULDBLOCK, and
  // wakes the task.
  void request(const void* cookie, std::string key);
  bool run() override;
  std::string description() const override { return "Fetching ejected values from disk"; }
  // Shutdown: notifies every pending cookie with `status`.
  void fail_pending(ENGINE_ERROR_CODE status);
  size_t pending() const;
  // Called by every keyed operation with no lock held: when `cookie`'s last
  // block was answered SUCCESS with its value pinned resident, forgets that
  // answer and returns true if the pin is on `key` (the caller then drops it
  // with unpin_UNLOCKED as it reads the value); a pin on another key is
  // dropped here.
  bool take_answer(const void* cookie, std::string_view key);
  static void unpin_UNLOCKED(StoredValue* sv);

 private:
  struct Request {
    const void* cookie;
    std::string key;
  };
  // SUCCESS with the value resident and pinned for `cookie`; nullopt: the
  // record moved kStaleRetries times, ask again later.
  std::optional<ENGINE_ERROR_CODE> fetch(const void* cookie, const std::string& key);
  void pin_UNLOCKED(StoredValue& sv, const void* cookie, const std::string& key);

  EpEngine& engine_;
  mutable std::mutex mutex_;  // leaf: guards requests_ and answered_
  std::vector<Request> requests_;
  std::map<const void*, std::string> answered_;  // cookie -> pinned key
};

}  // namespace ep
