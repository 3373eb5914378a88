// bg_fetcher.h - BgFetcher (Reader queue): reads values that the item pager
// ejected for the gets (and appends, arithmetic) that returned EWOULDBLOCK.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "global_task.h"
#include "memcached/types.h"

namespace ep {

class EpEngine;

// For each request: read the key's record, put the value back into the hash
// table (if the entry still is the one that was read), then - with no engine
// lock held but notify_mutex_ - notify_io_complete(cookie, ENGINE_SUCCESS).
// The core's re-call then finds the value resident: its key stays pinned
// until the re-call reads it. Exactly one notify per request, none after the
// cookie's connection closed (forget()).
class BgFetcher : public GlobalTask {
 public:
  explicit BgFetcher(EpEngine& engine);
  // Queues a fetch for a call that is about to return EWOULDBLOCK, and
  // wakes the task.
  void request(const void* cookie, std::string key);
  // Queues without waking (WarmupGate::finish, under its lock; it wakes
  // the task after unlocking).
  void enqueue(const void* cookie, std::string key);
  void wake();
  // The cookie's connection is closing (ON_DISCONNECT): its queued requests
  // go unanswered, one in the running batch is not notified, and its
  // answer's pin goes. Waits out a notify in progress, so that no notify
  // reaches the cookie once this returns.
  void forget(const void* cookie);
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
  // Every pinned key with the number of answers pinning it (get_stats("pins")).
  std::map<std::string, size_t, std::less<>> pins() const;

 private:
  struct Request {
    const void* cookie;
    std::string key;
  };
  // SUCCESS with the value resident and pinned for `cookie`; nullopt: the
  // record moved kStaleRetries times, ask again later.
  std::optional<ENGINE_ERROR_CODE> fetch(const void* cookie, const std::string& key);
  void pin(const void* cookie, const std::string& key);
  void unpin_LOCKED(const void* cookie);
  // notify_io_complete(cookie, status) unless forget(cookie) came first
  // (then the answer's pin, if any, goes instead).
  void answer(const void* cookie, ENGINE_ERROR_CODE status);

  EpEngine& engine_;
  // Held across notify_io_complete (taken before mutex_): forget() waits
  // for a notify in progress. The core may re-call the engine inside the
  // notify, so no engine call takes this lock; only forget() does, from
  // ON_DISCONNECT, which a core never fires inside a notify.
  std::mutex notify_mutex_;
  mutable std::mutex mutex_;  // leaf: guards everything below
  std::vector<Request> requests_;
  bool running_ = false;  // run() holds a batch taken from requests_
  // Cookies forgotten while run() held a batch: their requests in it are
  // neither answered nor queued again. Cleared when the batch is done.
  std::set<const void*> forgotten_;
  std::map<const void*, std::string> answered_;  // cookie -> pinned key
  std::map<std::string, size_t, std::less<>> pins_;  // key -> answers pinning it
};

}  // namespace ep
