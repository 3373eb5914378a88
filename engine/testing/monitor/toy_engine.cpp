// toy_engine.cpp - a tiny engine for the contract monitor's own tests: correct
// by default, and with config "defect=<name>" it breaks exactly one rule of
// the engine contract (the names are listed in kDefects). "async=true" makes
// get and store block once per call through a worker thread. "drop=P" makes
// it drop connections as an engine may (memcached closes the connection on
// ENGINE_DISCONNECT): a store of a value starting with P stores it and
// answers ENGINE_DISCONNECT, and so do a get that finds such a value and a
// flush that removes one.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "memcached/engine.h"

namespace {

const char* const kDefects[] = {
    "none", "double_notify", "lost_notify", "sync_notify", "spurious_notify",
    "notify_before_result", "unknown_cookie_notify", "foreign_cookie", "thread_leak",
    "nvalue", "nbytes", "key", "iov", "item_info_fails", "cas_zero", "cas_same",
    "stats_nul", "stats_outside", "unknown_silent", "unknown_bad_return",
    "status_invalid", "missing_item", "after_disconnect", "premature_notify", "malloc_leak",
    "notify_under_lock", "get_tmpfail", "notify_failure", "flush_blocks"};

struct ToyItem {
  std::string key;
  std::string data;  // nbytes bytes, "\r\n" included
  uint32_t flags = 0;
  rel_time_t exptime = 0;
  uint64_t cas = 0;
  int refs = 1;
};

struct Toy {
  SERVER_HANDLE_V1 sapi{};
  std::string defect = "none";
  bool async = false;
  std::string drop;  // "drop=P": values starting with P answer ENGINE_DISCONNECT
  std::mutex mutex;
  std::map<std::string, ToyItem*> table;
  uint64_t next_cas = 1;
  ADD_STAT saved_add_stat = nullptr;
  const void* saved_cookie = nullptr;
  // The worker of async mode: cookies to complete.
  std::deque<const void*> jobs;
  std::condition_variable jobs_cv;
  bool stopping = false;
  std::thread worker;
  std::thread notifier;  // spurious_notify: joined by destroy
  bool premature_done = false;  // premature_notify: worker thread only
  void* scratch = nullptr;      // malloc_leak: the last get's, never freed
};

// What the core holds: the V1 table first, then the engine.
struct ToyHandle {
  ENGINE_HANDLE_V1 v1;
  Toy* toy;
};

Toy* toy(ENGINE_HANDLE* h) { return reinterpret_cast<ToyHandle*>(h)->toy; }
bool is(Toy* t, const char* d) { return t->defect == d; }
bool dropped(Toy* t, const std::string& data) {
  return !t->drop.empty() && data.compare(0, t->drop.size(), t->drop) == 0;
}
int g_token;  // what async mode stores as the cookie's result
int g_not_ready;  // premature_notify: a result slot that says "ask again"

void unref(Toy*, ToyItem* it) {  // caller holds t->mutex
  if (--it->refs == 0) delete it;
}

void worker_main(Toy* t) {
  std::unique_lock<std::mutex> lock(t->mutex);
  for (;;) {
    t->jobs_cv.wait(lock, [&] { return t->stopping || !t->jobs.empty(); });
    if (t->jobs.empty()) return;
    const void* cookie = t->jobs.front();
    t->jobs.pop_front();
    // notify_under_lock: notifies holding the engine's lock, which every
    // call takes. memcached's notify waits for the worker's lock while the
    // worker runs another connection's call, and that call waits for this
    // lock: a deadlock once connections share a worker.
    if (!is(t, "notify_under_lock")) lock.unlock();
    if (is(t, "notify_before_result")) {
      t->sapi.cookie->notify_io_complete(cookie, ENGINE_SUCCESS);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      t->sapi.cookie->store_engine_specific(cookie, &g_token);
    } else if (is(t, "premature_notify") && !t->premature_done) {
      // Once: SUCCESS though nothing is ready; the re-call blocks again.
      t->premature_done = true;
      t->sapi.cookie->store_engine_specific(cookie, &g_not_ready);
      t->sapi.cookie->notify_io_complete(cookie, ENGINE_SUCCESS);
    } else if (!is(t, "lost_notify")) {
      t->sapi.cookie->store_engine_specific(cookie, &g_token);
      // notify_failure: every block answered TMPFAIL, which a get's handler
      // meets as c->aiostat and has no case for.
      t->sapi.cookie->notify_io_complete(cookie,
                                         is(t, "notify_failure") ? ENGINE_TMPFAIL : ENGINE_SUCCESS);
      if (is(t, "double_notify")) t->sapi.cookie->notify_io_complete(cookie, ENGINE_SUCCESS);
    }
    if (!lock.owns_lock()) lock.lock();
  }
}

// Async mode: true when the caller must return EWOULDBLOCK now; false when
// the result is there (the re-call) and the operation runs.
bool must_block(Toy* t, const void* cookie) {
  if (!t->async) return false;
  void* slot = t->sapi.cookie->get_engine_specific(cookie);
  if (slot != nullptr && slot != &g_not_ready) {
    t->sapi.cookie->store_engine_specific(cookie, nullptr);
    return false;
  }
  if (is(t, "sync_notify")) {
    t->sapi.cookie->store_engine_specific(cookie, &g_token);
    t->sapi.cookie->notify_io_complete(cookie, ENGINE_SUCCESS);
    return true;
  }
  std::lock_guard<std::mutex> lock(t->mutex);
  t->jobs.push_back(cookie);
  t->jobs_cv.notify_one();
  return true;
}

const engine_info* toy_get_info(ENGINE_HANDLE*) {
  static engine_info info = {"toy engine for monitor tests", 1, {{ENGINE_FEATURE_CAS, nullptr}}};
  return &info;
}

ENGINE_ERROR_CODE toy_initialize(ENGINE_HANDLE* h, const char* config) {
  Toy* t = toy(h);
  char* defect = nullptr;
  char* drop = nullptr;
  bool async = false;
  config_item items[] = {{"defect", DT_STRING, {.dt_string = &defect}, false},
                         {"async", DT_BOOL, {.dt_bool = &async}, false},
                         {"drop", DT_STRING, {.dt_string = &drop}, false},
                         {nullptr, DT_SIZE, {nullptr}, false}};
  if (config != nullptr && t->sapi.core->parse_config(config, items, stderr) != 0) {
    std::free(defect);
    std::free(drop);
    return ENGINE_EINVAL;
  }
  if (defect != nullptr) t->defect = defect;
  if (drop != nullptr) t->drop = drop;
  std::free(defect);
  std::free(drop);
  t->async = async;
  if (t->async) t->worker = std::thread(worker_main, t);
  return ENGINE_SUCCESS;
}

void toy_destroy(ENGINE_HANDLE* h) {
  Toy* t = toy(h);
  {
    std::lock_guard<std::mutex> lock(t->mutex);
    t->stopping = true;
    t->jobs_cv.notify_all();
  }
  if (t->worker.joinable()) t->worker.join();
  if (t->notifier.joinable()) t->notifier.join();
  if (is(t, "thread_leak")) {
    // A thread that outlives destroy and keeps calling into the core.
    std::thread([sapi = t->sapi] {
      for (int i = 0; i < 150; ++i) {
        sapi.core->get_current_time();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }).detach();
  }
  for (auto& [key, it] : t->table) unref(t, it);
  delete reinterpret_cast<ToyHandle*>(h);
  delete t;
}

ENGINE_ERROR_CODE toy_allocate(ENGINE_HANDLE* h, const void* cookie, item** out, const void* key,
                               const size_t nkey, const size_t nbytes, const int flags,
                               const rel_time_t exptime) {
  Toy* t = toy(h);
  if (is(t, "foreign_cookie")) t->sapi.cookie->get_socket_fd(&g_token);
  if (is(t, "after_disconnect") && t->saved_cookie != nullptr && t->saved_cookie != cookie) {
    t->sapi.cookie->get_socket_fd(t->saved_cookie);
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    t->sapi.cookie->release(t->saved_cookie);  // done with it
#endif
  }
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
  // Built for 1.6.0-beta1 (toy_monitor_engine_beta1) the engine reserves the
  // cookie it keeps, as ep-engine did: then its later use is no defect.
  if (is(t, "after_disconnect") && t->saved_cookie != cookie) t->sapi.cookie->reserve(cookie);
#endif
  t->saved_cookie = cookie;
  auto* it = new ToyItem;
  it->key.assign(static_cast<const char*>(key), nkey);
  it->data.assign(nbytes, '\0');
  it->flags = static_cast<uint32_t>(flags);
  it->exptime = exptime;
  *out = it;
  return ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE toy_remove(ENGINE_HANDLE* h, const void* cookie, const void* key,
                             const size_t nkey, uint64_t, uint16_t) {
  Toy* t = toy(h);
  if (is(t, "spurious_notify") && !t->notifier.joinable()) {
    // A helper thread notifies a call that does not block. It is not waited
    // for here: memcached's notify waits for the worker's lock, which the
    // call holds (waiting would deadlock), so it lands after the return.
    t->notifier =
        std::thread([t, cookie] { t->sapi.cookie->notify_io_complete(cookie, ENGINE_SUCCESS); });
  }
  if (is(t, "unknown_cookie_notify")) t->sapi.cookie->notify_io_complete(&g_token, ENGINE_SUCCESS);
  std::lock_guard<std::mutex> lock(t->mutex);
  auto found = t->table.find(std::string(static_cast<const char*>(key), nkey));
  if (found == t->table.end()) return ENGINE_KEY_ENOENT;
  unref(t, found->second);
  t->table.erase(found);
  return ENGINE_SUCCESS;
}

void toy_release(ENGINE_HANDLE* h, const void*, item* it) {
  Toy* t = toy(h);
  std::lock_guard<std::mutex> lock(t->mutex);
  unref(t, static_cast<ToyItem*>(it));
}

ENGINE_ERROR_CODE toy_get(ENGINE_HANDLE* h, const void* cookie, item** out, const void* key,
                          const int nkey, uint16_t) {
  Toy* t = toy(h);
  if (must_block(t, cookie)) return ENGINE_EWOULDBLOCK;
  if (is(t, "get_tmpfail")) return ENGINE_TMPFAIL;  // memcached's get aborts on it
  std::lock_guard<std::mutex> lock(t->mutex);
  auto found = t->table.find(std::string(static_cast<const char*>(key), static_cast<size_t>(nkey)));
  if (found == t->table.end()) return ENGINE_KEY_ENOENT;
  if (is(t, "missing_item")) return ENGINE_SUCCESS;
  if (dropped(t, found->second->data)) return ENGINE_DISCONNECT;
  // A scratch buffer per get that nobody frees: one block leaked per get.
  if (is(t, "malloc_leak")) t->scratch = std::malloc(64);
  ++found->second->refs;
  *out = found->second;
  return ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE toy_store(ENGINE_HANDLE* h, const void* cookie, item* it, uint64_t* cas,
                            ENGINE_STORE_OPERATION, uint16_t) {
  Toy* t = toy(h);
  if (must_block(t, cookie)) return ENGINE_EWOULDBLOCK;
  std::lock_guard<std::mutex> lock(t->mutex);
  auto* item = static_cast<ToyItem*>(it);
  item->cas = is(t, "cas_zero") ? 0 : is(t, "cas_same") ? 7 : t->next_cas++;
  ++item->refs;
  auto [slot, fresh] = t->table.try_emplace(item->key, item);
  if (!fresh) {
    unref(t, slot->second);
    slot->second = item;
  }
  *cas = item->cas;
  return dropped(t, item->data) ? ENGINE_DISCONNECT : ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE toy_arithmetic(ENGINE_HANDLE*, const void*, const void*, const int, const bool,
                                 const bool, const uint64_t, const uint64_t, const rel_time_t,
                                 uint64_t*, uint64_t*, uint16_t) {
  return ENGINE_ENOTSUP;
}

ENGINE_ERROR_CODE toy_flush(ENGINE_HANDLE* h, const void* cookie, time_t) {
  Toy* t = toy(h);
  if (is(t, "status_invalid")) return static_cast<ENGINE_ERROR_CODE>(0x42);
  // flush_blocks: a flush handed to the worker, which memcached never waits out.
  if (is(t, "flush_blocks") && must_block(t, cookie)) return ENGINE_EWOULDBLOCK;
  std::lock_guard<std::mutex> lock(t->mutex);
  bool drop = false;
  for (auto& [key, it] : t->table) {
    drop = drop || dropped(t, it->data);
    unref(t, it);
  }
  t->table.clear();
  return drop ? ENGINE_DISCONNECT : ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE toy_get_stats(ENGINE_HANDLE* h, const void* cookie, const char*, int nkey,
                                ADD_STAT add_stat) {
  Toy* t = toy(h);
  if (nkey != 0) return ENGINE_KEY_ENOENT;
  const size_t n = t->table.size();
  const std::string items = std::to_string(n);
  // stats_nul: klen counts the terminating NUL, as a careless sizeof() does.
  add_stat("curr_items", is(t, "stats_nul") ? 11 : 10, items.data(),
           static_cast<uint32_t>(items.size()), cookie);
  t->saved_add_stat = add_stat;
  return ENGINE_SUCCESS;
}

void toy_reset_stats(ENGINE_HANDLE* h, const void* cookie) {
  Toy* t = toy(h);
  if (is(t, "stats_outside") && t->saved_add_stat != nullptr) {
    t->saved_add_stat("late", 4, "1", 1, cookie);
  }
}

ENGINE_ERROR_CODE toy_unknown_command(ENGINE_HANDLE* h, const void* cookie,
                                      protocol_binary_request_header*, ADD_RESPONSE response) {
  Toy* t = toy(h);
  if (is(t, "unknown_silent")) return ENGINE_SUCCESS;
  if (is(t, "unknown_bad_return")) return ENGINE_KEY_ENOENT;
  // Correct: answer through ADD_RESPONSE.
  response(nullptr, 0, nullptr, 0, "pong", 4, PROTOCOL_BINARY_RAW_BYTES,
           PROTOCOL_BINARY_RESPONSE_SUCCESS, 0, cookie);
  return ENGINE_SUCCESS;
}

void toy_item_set_cas(ENGINE_HANDLE*, const void*, item* it, uint64_t cas) {
  static_cast<ToyItem*>(it)->cas = cas;
}

bool toy_get_item_info(ENGINE_HANDLE* h, const void*, const item* it, item_info* info) {
  Toy* t = toy(h);
  const auto* item = static_cast<const ToyItem*>(it);
  if (info->nvalue < 1 || is(t, "item_info_fails")) return false;
  info->cas = item->cas;
  info->exptime = item->exptime;
  info->nbytes = static_cast<uint32_t>(item->data.size()) + (is(t, "nbytes") ? 1 : 0);
  info->flags = item->flags;
  info->nkey = static_cast<uint16_t>(item->key.size() - (is(t, "key") ? 1 : 0));
  info->key = item->key.data();
  info->nvalue = is(t, "nvalue") ? 2 : 1;
  info->value[0].iov_base = const_cast<char*>(item->data.data());
  info->value[0].iov_len = item->data.size() - (is(t, "iov") ? 1 : 0);
  if (is(t, "nbytes")) info->value[0].iov_len = info->nbytes;
  return true;
}

}  // namespace

extern "C" MEMCACHED_PUBLIC_API ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                                                  GET_SERVER_API get_server_api,
                                                                  ENGINE_HANDLE** handle) {
  if (interface != 1) return ENGINE_ENOTSUP;
  (void)kDefects;
  auto* handle_v1 = new ToyHandle{};
  Toy* t = new Toy;
  handle_v1->toy = t;
  t->sapi = *get_server_api();
  ENGINE_HANDLE_V1& v = handle_v1->v1;
  v.interface.interface = 1;
  v.get_info = toy_get_info;
  v.initialize = toy_initialize;
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
  v.destroy = [](ENGINE_HANDLE* h, const bool) { toy_destroy(h); };
#else
  v.destroy = toy_destroy;
#endif
  v.allocate = toy_allocate;
  v.remove = toy_remove;
  v.release = toy_release;
  v.get = toy_get;
  v.store = toy_store;
  v.arithmetic = toy_arithmetic;
  v.flush = toy_flush;
  v.get_stats = toy_get_stats;
  v.reset_stats = toy_reset_stats;
  v.unknown_command = toy_unknown_command;
  v.item_set_cas = toy_item_set_cas;
  v.get_item_info = toy_get_item_info;
  *handle = reinterpret_cast<ENGINE_HANDLE*>(handle_v1);
  return ENGINE_SUCCESS;
}
