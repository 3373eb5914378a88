// bg_fetcher.h - BgFetcher (Reader queue): reads values that the item pager
// ejected for the gets (and appends, arithmetic) that returned EWOULDBLOCK.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "global_task.h"
#include "memcached/types.h"

namespace ep {

class EpEngine;

// For each request: read the key's record, put the value back into the hash
// table (if the entry still is the one that was read), then - with no lock
// held - notify_io_complete(cookie, ENGINE_SUCCESS). The core's re-call then
// finds the value resident. Exactly one notify per request.
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

 private:
  struct Request {
    const void* cookie;
    std::string key;
  };
  ENGINE_ERROR_CODE fetch(const std::string& key);

  EpEngine& engine_;
  mutable std::mutex mutex_;  // leaf: guards requests_ only
  std::vector<Request> requests_;
};

}  // namespace ep
