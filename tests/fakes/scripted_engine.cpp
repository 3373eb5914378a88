// scripted_engine.cpp - the scripted recording engine's entry points.
#include "scripted_engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <sstream>

#include "fakes/core.h"

namespace enginesim {

const char* fn_name(Fn fn) {
  switch (fn) {
    case Fn::allocate: return "allocate";
    case Fn::remove: return "remove";
    case Fn::release: return "release";
    case Fn::get: return "get";
    case Fn::store: return "store";
    case Fn::arithmetic: return "arithmetic";
    case Fn::flush: return "flush";
    case Fn::get_stats: return "get_stats";
    case Fn::reset_stats: return "reset_stats";
    case Fn::unknown_command: return "unknown_command";
    case Fn::item_set_cas: return "item_set_cas";
    case Fn::get_item_info: return "get_item_info";
    case Fn::count_: break;
  }
  return "?";
}

const char* notify_from_name(NotifyFrom from) {
  switch (from) {
    case NotifyFrom::call: return "call";
    case NotifyFrom::thread: return "thread";
    case NotifyFrom::thread_waited: return "thread_waited";
    case NotifyFrom::never: return "never";
  }
  return "?";
}

namespace {
std::string hex_bytes(const void* data, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 0xf];
  }
  return out;
}

// Starts the argument text of a call: the cookie first.
std::ostringstream args_of(const void* cookie) {
  std::ostringstream os;
  os << "cookie=" << cookie;
  return os;
}
}  // namespace

struct ScriptedEntry {
  static ScriptedEngine& self(ENGINE_HANDLE* h) {
    return *reinterpret_cast<ScriptedEngine::Handle*>(h)->engine;
  }
  static ScriptedEngine& self(const ENGINE_HANDLE* h) {
    return self(const_cast<ENGINE_HANDLE*>(h));
  }

  static const engine_info* get_info(ENGINE_HANDLE*) {
    static const engine_info info{"scripted recording engine", 0, {{0, nullptr}}};
    return &info;
  }
  static ENGINE_ERROR_CODE initialize(ENGINE_HANDLE*, const char*) { return ENGINE_SUCCESS; }
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
  static void destroy(ENGINE_HANDLE*, const bool) {}
#else
  static void destroy(ENGINE_HANDLE*) {}
#endif

  static ENGINE_ERROR_CODE allocate(ENGINE_HANDLE* h, const void* cookie, item** it,
                                    const void* key, const size_t nkey, const size_t nbytes,
                                    const int flags, const rel_time_t exptime) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " item_out=" << it << " key=" << hex_bytes(key, nkey) << " nkey=" << nkey
       << " nbytes=" << nbytes << " flags=" << flags << " exptime=" << exptime;
    Call& c = e.record(Fn::allocate, cookie, os.str());
    c.key.assign(static_cast<const char*>(key), nkey);
    c.nkey = nkey;
    c.nbytes = nbytes;
    c.flags = static_cast<uint32_t>(flags);
    c.exptime = exptime;
    ENGINE_ERROR_CODE r = e.answer(Fn::allocate, c);
    if (r != ENGINE_SUCCESS || e.allocate_without_item) return r;
    // Unwritten bytes show as '?': the core must fill all nbytes.
    ScriptedItem& fresh = e.items_.emplace_back();
    fresh.key = c.key;
    fresh.data.assign(nbytes, '?');
    fresh.flags = c.flags;
    fresh.exptime = exptime;
    fresh.handed_out = 1;
    *it = &fresh;
    return ENGINE_SUCCESS;
  }

  static ENGINE_ERROR_CODE remove(ENGINE_HANDLE* h, const void* cookie, const void* key,
                                  const size_t nkey, uint64_t cas, uint16_t vbucket) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " key=" << hex_bytes(key, nkey) << " nkey=" << nkey << " cas=" << cas
       << " vbucket=" << vbucket;
    Call& c = e.record(Fn::remove, cookie, os.str());
    c.key.assign(static_cast<const char*>(key), nkey);
    c.nkey = nkey;
    c.cas = cas;
    c.vbucket = vbucket;
    return e.answer(Fn::remove, c);
  }

  static void release(ENGINE_HANDLE* h, const void* cookie, item* it) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " item=" << it;
    Call& c = e.record(Fn::release, cookie, os.str());
    c.it = it;
    if (ScriptedItem* si = e.item_at(it)) {
      ++si->releases;
    } else {
      ++e.unknown_releases_;
    }
  }

  static ENGINE_ERROR_CODE get(ENGINE_HANDLE* h, const void* cookie, item** it, const void* key,
                               const int nkey, uint16_t vbucket) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " item_out=" << it << " key=" << hex_bytes(key, static_cast<size_t>(nkey))
       << " nkey=" << nkey << " vbucket=" << vbucket;
    Call& c = e.record(Fn::get, cookie, os.str());
    c.key.assign(static_cast<const char*>(key), static_cast<size_t>(nkey));
    c.nkey = static_cast<size_t>(nkey);
    c.vbucket = vbucket;
    ENGINE_ERROR_CODE r = e.answer(Fn::get, c);
    if (r != ENGINE_SUCCESS) return r;
    auto found = e.stored_.find(c.key);
    if (found == e.stored_.end()) return ENGINE_KEY_ENOENT;
    ++found->second->handed_out;
    *it = found->second;
    return ENGINE_SUCCESS;
  }

  static ENGINE_ERROR_CODE store(ENGINE_HANDLE* h, const void* cookie, item* it, uint64_t* cas,
                                 ENGINE_STORE_OPERATION op, uint16_t vbucket) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " item=" << it << " cas_out=" << cas << " cas_in=" << (cas ? *cas : 0) << " op=" << op
       << " vbucket=" << vbucket;
    Call& c = e.record(Fn::store, cookie, os.str());
    c.it = it;
    c.op = op;
    c.vbucket = vbucket;
    ScriptedItem* si = e.item_at(it);
    if (si != nullptr) c.item_bytes = si->data;
    ENGINE_ERROR_CODE r = e.answer(Fn::store, c);
    // A sloppy engine scribbles on *cas when the store fails: the client
    // must not report it as the new CAS.
    if (r != ENGINE_SUCCESS && r != ENGINE_EWOULDBLOCK) *cas = 0xbad;
    if (r != ENGINE_SUCCESS || si == nullptr) return r;
    si->cas = e.next_cas;
    *cas = e.next_cas++;
    e.stored_[si->key] = si;
    return ENGINE_SUCCESS;
  }

  static ENGINE_ERROR_CODE arithmetic(ENGINE_HANDLE* h, const void* cookie, const void* key,
                                      const int nkey, const bool increment, const bool create,
                                      const uint64_t delta, const uint64_t initial,
                                      const rel_time_t exptime, uint64_t* cas, uint64_t* result,
                                      uint16_t vbucket) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " key=" << hex_bytes(key, static_cast<size_t>(nkey)) << " nkey=" << nkey
       << " increment=" << increment << " create=" << create << " delta=" << delta
       << " initial=" << initial << " exptime=" << exptime << " cas_out=" << cas
       << " result_out=" << result << " vbucket=" << vbucket;
    Call& c = e.record(Fn::arithmetic, cookie, os.str());
    c.key.assign(static_cast<const char*>(key), static_cast<size_t>(nkey));
    c.nkey = static_cast<size_t>(nkey);
    c.exptime = exptime;
    c.vbucket = vbucket;
    ENGINE_ERROR_CODE r = e.answer(Fn::arithmetic, c);
    if (r != ENGINE_SUCCESS) return r;
    *cas = e.next_cas++;
    *result = initial + (increment ? delta : 0);
    return ENGINE_SUCCESS;
  }

  static ENGINE_ERROR_CODE flush(ENGINE_HANDLE* h, const void* cookie, time_t when) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " when=" << when;
    Call& c = e.record(Fn::flush, cookie, os.str());
    return e.answer(Fn::flush, c);
  }

  // Reports "call" = which get_stats call this is, then answers: a re-call
  // after EWOULDBLOCK must report from scratch.
  static ENGINE_ERROR_CODE get_stats(ENGINE_HANDLE* h, const void* cookie, const char* stat_key,
                                     int nkey, ADD_STAT add_stat) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " stat_key=" << static_cast<const void*>(stat_key) << " ("
       << (stat_key ? hex_bytes(stat_key, static_cast<size_t>(nkey)) : "null") << ") nkey=" << nkey
       << " add_stat=" << reinterpret_cast<const void*>(add_stat);
    Call& c = e.record(Fn::get_stats, cookie, os.str());
    if (stat_key != nullptr) c.key.assign(stat_key, static_cast<size_t>(nkey));
    c.nkey = static_cast<size_t>(nkey);
    const std::string n = std::to_string(e.calls_of(Fn::get_stats).size());
    add_stat("call", 4, n.data(), static_cast<uint32_t>(n.size()), cookie);
    add_stat("group", 5, c.key.data(), static_cast<uint32_t>(c.key.size()), cookie);
    return e.answer(Fn::get_stats, c);
  }

  static void reset_stats(ENGINE_HANDLE* h, const void* cookie) {
    self(h).record(Fn::reset_stats, cookie, args_of(cookie).str());
  }
  static void* get_stats_struct(ENGINE_HANDLE*, const void*) { return nullptr; }
  static ENGINE_ERROR_CODE aggregate_stats(ENGINE_HANDLE*, const void*, void (*)(void*, void*),
                                           void*) {
    return ENGINE_ENOTSUP;
  }

  // Answers with one response "call N" per call, then as scripted.
  static ENGINE_ERROR_CODE unknown_command(ENGINE_HANDLE* h, const void* cookie,
                                           protocol_binary_request_header* request,
                                           ADD_RESPONSE response) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " request=" << static_cast<const void*>(request) << " ("
       << hex_bytes(request->bytes, sizeof request->bytes)
       << ") response=" << reinterpret_cast<const void*>(response);
    Call& c = e.record(Fn::unknown_command, cookie, os.str());
    const std::string body = "call " + std::to_string(e.calls_of(Fn::unknown_command).size());
    response("rk", 2, "x", 1, body.data(), static_cast<uint32_t>(body.size()),
             PROTOCOL_BINARY_RAW_BYTES, 0x0081, 77, cookie);
    return e.answer(Fn::unknown_command, c);
  }

  static void item_set_cas(ENGINE_HANDLE* h, const void* cookie, item* it, uint64_t cas) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " item=" << it << " cas=" << cas;
    Call& c = e.record(Fn::item_set_cas, cookie, os.str());
    c.it = it;
    c.cas = cas;
    if (ScriptedItem* si = e.item_at(it)) si->cas = cas;
  }

  static bool get_item_info(ENGINE_HANDLE* h, const void* cookie, const item* it, item_info* info) {
    ScriptedEngine& e = self(h);
    auto os = args_of(cookie);
    os << " item=" << it << " nvalue=" << info->nvalue;
    Call& c = e.record(Fn::get_item_info, cookie, os.str());
    c.it = it;
    c.nvalue_in = info->nvalue;
    ScriptedItem* si = e.item_at(it);
    if (si == nullptr) return false;
    info->cas = si->cas;
    info->exptime = si->exptime;
    info->nbytes = static_cast<uint32_t>(si->data.size());
    info->flags = si->flags;
    info->clsid = 0;
    info->nkey = static_cast<uint16_t>(si->key.size());
    info->key = si->key.data();
    // Only value[0] exists in the core's item_info: with two_iovecs the
    // engine claims a second one without writing past the struct.
    info->nvalue = e.info_fault == InfoFault::two_iovecs ? 2 : 1;
    info->value[0].iov_base = si->data.data();
    info->value[0].iov_len = si->data.size();
    if (e.info_fault == InfoFault::iov_len_mismatch) info->value[0].iov_len -= 1;
    // returns_false: a well-formed description, then false; the core must
    // believe the false.
    if (e.info_fault == InfoFault::false_after_first)
      return e.calls_of(Fn::get_item_info).size() == 1;
    return e.info_fault != InfoFault::returns_false;
  }

  static size_t errinfo(ENGINE_HANDLE*, const void*, char*, size_t) { return 0; }
};

ScriptedEngine::ScriptedEngine(GET_SERVER_API get_server_api) {
  server_ = get_server_api();
  EXPECT_NE(server_, nullptr) << "create: the core gave no server API";
  ENGINE_HANDLE_V1& v1 = handle_.v1;
  v1.interface.interface = 1;
  v1.get_info = ScriptedEntry::get_info;
  v1.initialize = ScriptedEntry::initialize;
  v1.destroy = ScriptedEntry::destroy;
  v1.allocate = ScriptedEntry::allocate;
  v1.remove = ScriptedEntry::remove;
  v1.release = ScriptedEntry::release;
  v1.get = ScriptedEntry::get;
  v1.store = ScriptedEntry::store;
  v1.arithmetic = ScriptedEntry::arithmetic;
  v1.flush = ScriptedEntry::flush;
  v1.get_stats = ScriptedEntry::get_stats;
  v1.reset_stats = ScriptedEntry::reset_stats;
  v1.get_stats_struct = ScriptedEntry::get_stats_struct;
  v1.aggregate_stats = ScriptedEntry::aggregate_stats;
  v1.unknown_command = ScriptedEntry::unknown_command;
  v1.item_set_cas = ScriptedEntry::item_set_cas;
  v1.get_item_info = ScriptedEntry::get_item_info;
  v1.errinfo = ScriptedEntry::errinfo;
  handle_.engine = this;
}

ScriptedEngine::~ScriptedEngine() { join_notifiers(); }

void ScriptedEngine::join_notifiers() {
  for (std::thread& t : notifiers_) t.join();
  notifiers_.clear();
}

ScriptedItem* ScriptedEngine::seed(const std::string& key, const std::string& data, uint32_t flags,
                                   rel_time_t exptime, uint64_t cas) {
  ScriptedItem& si = items_.emplace_back();
  si.key = key;
  si.data = data;
  si.flags = flags;
  si.exptime = exptime;
  si.cas = cas;
  stored_[key] = &si;
  return &si;
}

std::vector<const Call*> ScriptedEngine::calls_of(Fn fn) const {
  std::vector<const Call*> out;
  for (const Call& c : calls_) {
    if (c.fn == fn) out.push_back(&c);
  }
  return out;
}

std::string ScriptedEngine::fn_sequence() const {
  std::string out;
  for (const Call& c : calls_) {
    if (!out.empty()) out += ' ';
    out += fn_name(c.fn);
  }
  return out;
}

ScriptedItem* ScriptedEngine::item_at(const item* it) {
  for (ScriptedItem& si : items_) {
    if (&si == it) return &si;
  }
  return nullptr;
}

Call& ScriptedEngine::record(Fn fn, const void* cookie, std::string args) {
  Call& c = calls_.emplace_back();
  c.fn = fn;
  c.args = std::move(args);
  c.cookie = cookie;
  // The call runs on the thread that drives the core; every notifier thread
  // that changed this connection did so under the core's lock, which the
  // driver has taken since.
  const Connection* conn = Core::active()->from_cookie(cookie);
  c.state = conn != nullptr ? conn->state : ConnState::closed;
  return c;
}

ENGINE_ERROR_CODE ScriptedEngine::answer(Fn fn, Call& call) {
  const Script& s = scripts_[static_cast<size_t>(fn)];
  int& n = counts_[static_cast<size_t>(fn)];
  ++n;
  if (n > s.block_first) return s.result;
  const void* cookie = call.cookie;
  const ENGINE_ERROR_CODE status = s.notify_status;
  SERVER_HANDLE_V1* server = server_;
  switch (s.notify_from) {
    case NotifyFrom::call: {
      server->cookie->notify_io_complete(cookie, status);
      const Connection* conn = Core::active()->from_cookie(cookie);
      call.early_notify_seen =
          conn != nullptr && conn->state == ConnState::in_call && conn->early_notify;
      break;
    }
    case NotifyFrom::thread:
      // Usually after the call returned (state waiting); either order is
      // allowed and must give the same result.
      notifiers_.emplace_back([server, cookie, status] {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        server->cookie->notify_io_complete(cookie, status);
      });
      break;
    case NotifyFrom::thread_waited: {
      auto returned = std::make_shared<std::atomic<bool>>(false);
      notifiers_.emplace_back([server, cookie, status, returned] {
        server->cookie->notify_io_complete(cookie, status);
        returned->store(true);
      });
      for (int ms = 0; ms < 100 && !returned->load(); ++ms) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      call.notify_returned_in_call = returned->load();
      break;
    }
    case NotifyFrom::never: break;
  }
  return ENGINE_EWOULDBLOCK;
}

}  // namespace enginesim
