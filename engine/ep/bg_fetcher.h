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

// For each request: read the key's record, put the value back into the hash
// table (if the entry still is the one that was read), then - with no lock
// held - notify_io_complete(cookie, ENGINE_SUCCESS). The core's re-call then
// finds the value resident: its key stays pinned until the re-call reads it. Exactly one notify per request.
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
  // A SUCCESS answer pins its key until the cookie's next keyed call (the
  // core's re-call) takes it, under the key's stripe lock as it reads the
  // value: the item pager does not eject a pinned key, so a SUCCESS notify
  // means ready (the monitor's notify.premature, --strict-notify). The pin is
  // on the key, not the entry: it survives a delete and a new store.
  void take_answer(const void* cookie);
  // The pager asks, with a stripe lock held.
  bool pinned(const std::string& key) const;

 private:
  struct Request {
    const void* cookie;
    std::string key;
  };
  // SUCCESS with the value resident and pinned for `cookie`; nullopt: the
  // record moved kStaleRetries times, ask again later.
  std::optional<ENGINE_ERROR_CODE> fetch(const void* cookie, const std::string& key);
  void pin(const void* cookie, const std::string& key);

  EpEngine& engine_;
  mutable std::mutex mutex_;  // leaf: guards requests_ and answered_
  std::vector<Request> requests_;
  std::map<const void*, std::string> answered_;  // cookie -> pinned key
  std::map<std::string, size_t, std::less<>> pins_;  // key -> answers pinning it
};

}  // namespace ep
