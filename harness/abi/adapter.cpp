// adapter.cpp - the ABI adapter: the profile's server handle on one side, a
// canonical ENGINE_HANDLE_V1 forwarding to the engine's on the other.
#include "harness/abi/adapter.h"

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "enginesim/check.h"
#include "fakes/core.h"

namespace enginesim::abi {
namespace {

// --- the server side: 1.6.0-beta1 appends to two tables ------------------

// SERVER_CORE_API and SERVER_COOKIE_API as 1.6.0-beta1 lays them out: the
// canonical members, then the new ones (tests/include pins the offsets).
struct CoreApiBeta1 {
  SERVER_CORE_API base;
  bool (*get_config)(struct config_item items[]);
};
struct CookieApiBeta1 {
  SERVER_COOKIE_API base;
  void (*reserve)(const void* cookie);
  void (*release)(const void* cookie);
};
static_assert(offsetof(CoreApiBeta1, get_config) == sizeof(SERVER_CORE_API));
static_assert(offsetof(CookieApiBeta1, reserve) == sizeof(SERVER_COOKIE_API));

struct ServerSide {
  SERVER_HANDLE_V1 handle{};
  CoreApiBeta1 core{};
  CookieApiBeta1 cookie{};
};

ServerSide& server_side() {
  static ServerSide side;
  return side;
}

SERVER_HANDLE_V1* beta1_get_server_api() { return &server_side().handle; }

// memcached 1.6.0-beta1's get_config (daemon/memcached.c@1b4ba6b:6606-6612)
// writes every setting `stats settings` shows as "key=value;", in
// process_stat_settings' order and spelling (:3733-3789), and reads the
// string with the core's parse_config into the engine's items: true unless
// a value is invalid for the item that asks for it. A bool item meets "yes"
// or "no" there (cas_enabled, detail_enabled...), which parse_config
// refuses: false, and the items after it in this order stay unset. The
// values are settings_init's defaults (:251-277) and main's (:7069-7080),
// memcached.h's DEFAULT_REQS_PER_EVENT 20 and ..._TAP_EVENT 50, and the
// stderr logger's name; the verbosity is the fake core's log level.
constexpr std::pair<const char*, const char*> kSettings[] = {
    {"maxbytes", "67108864"},
    {"maxconns", "1024"},
    {"tcpport", "11211"},
    {"udpport", "11211"},
    {"inter", "NULL"},
    {"verbosity", nullptr},  // the fake core's log level, as settings.verbose
    {"oldest", "0"},
    {"evictions", "on"},
    {"domain_socket", "NULL"},
    {"umask", "700"},
    {"growth_factor", "1.25"},
    {"chunk_size", "48"},
    {"num_threads", "4"},
    {"num_threads_per_udp", "4"},
    {"stat_key_prefix", ":"},
    {"detail_enabled", "no"},
    {"allow_detailed", "yes"},
    {"reqs_per_event", "20"},
    {"reqs_per_tap_event", "50"},
    {"cas_enabled", "yes"},
    {"tcp_backlog", "1024"},
    {"binding_protocol", "auto-negotiate"},
    {"auth_enabled_sasl", "no"},
    {"auth_sasl_engine", "none"},
    {"auth_required_sasl", "no"},
    {"item_size_max", "1048576"},
    {"topkeys", "0"},
    {"logger", "standard error"},
};

bool beta1_get_config(struct config_item items[]) {
  if (items == nullptr) return false;
  const Core* core = Core::active();
  std::string config;
  for (const auto& [key, value] : kSettings) {
    const std::string text = value != nullptr ? value
                             : core != nullptr
                                 ? std::to_string(Core::verbosity_of(core->log_level()))
                                 : "0";
    config += std::string(key) + "=" + text + ";";
  }
  return server_side().core.base.parse_config(config.c_str(), items, nullptr) >= 0;
}

// The core counts them (Connection::reserved): a closed connection's cookie
// stays valid while reserved, as memcached 1.6's conn_pending_close keeps it.
void beta1_reserve(const void* cookie) {
  if (Core* core = Core::active()) core->reserve(cookie);
}

void beta1_release(const void* cookie) {
  if (Core* core = Core::active()) core->release_reserved(cookie);
}

void refresh_beta1(GET_SERVER_API canonical) {
  ServerSide& s = server_side();
  const SERVER_HANDLE_V1* from = canonical();
  ES_CHECK(from != nullptr && from->core != nullptr && from->cookie != nullptr);
  s.core.base = *from->core;
  s.core.get_config = beta1_get_config;
  s.cookie.base = *from->cookie;
  s.cookie.reserve = beta1_reserve;
  s.cookie.release = beta1_release;
  s.handle = *from;
  s.handle.core = &s.core.base;
  s.handle.cookie = &s.cookie.base;
}

// --- the engine side: a canonical handle that forwards ---------------------

// ENGINE_HANDLE_V1 as MySQL's daemon_memcached lays it out: bind after
// remove, clean_engine after release, every later slot 16 bytes further on
// (tests/include pins the C header's offsets; these must match them).
struct EngineHandleMysql {
  engine_interface interface;
  decltype(ENGINE_HANDLE_V1::get_info) get_info;
  decltype(ENGINE_HANDLE_V1::initialize) initialize;
  void (*destroy)(ENGINE_HANDLE* handle, bool force);
  decltype(ENGINE_HANDLE_V1::allocate) allocate;
  decltype(ENGINE_HANDLE_V1::remove) remove;
  ENGINE_ERROR_CODE(*bind)
  (ENGINE_HANDLE* handle, const void* cookie, const void* name, size_t name_len);
  decltype(ENGINE_HANDLE_V1::release) release;
  void (*clean_engine)(ENGINE_HANDLE* handle, const void* cookie, void* engine_data);
  decltype(ENGINE_HANDLE_V1::get) get;
  decltype(ENGINE_HANDLE_V1::store) store;
  decltype(ENGINE_HANDLE_V1::arithmetic) arithmetic;
  decltype(ENGINE_HANDLE_V1::flush) flush;
  decltype(ENGINE_HANDLE_V1::get_stats) get_stats;
  decltype(ENGINE_HANDLE_V1::reset_stats) reset_stats;
  decltype(ENGINE_HANDLE_V1::get_stats_struct) get_stats_struct;
  decltype(ENGINE_HANDLE_V1::aggregate_stats) aggregate_stats;
  decltype(ENGINE_HANDLE_V1::unknown_command) unknown_command;
  decltype(ENGINE_HANDLE_V1::tap_notify) tap_notify;
  decltype(ENGINE_HANDLE_V1::get_tap_iterator) get_tap_iterator;
  decltype(ENGINE_HANDLE_V1::item_set_cas) item_set_cas;
  decltype(ENGINE_HANDLE_V1::get_item_info) get_item_info;
  decltype(ENGINE_HANDLE_V1::errinfo) errinfo;
};
static_assert(offsetof(EngineHandleMysql, destroy) == offsetof(ENGINE_HANDLE_V1, destroy));
static_assert(offsetof(EngineHandleMysql, release) == offsetof(ENGINE_HANDLE_V1, release) + 8);
static_assert(offsetof(EngineHandleMysql, get) == offsetof(ENGINE_HANDLE_V1, get) + 16);
static_assert(sizeof(EngineHandleMysql) == sizeof(ENGINE_HANDLE_V1) + 16);

}  // namespace

// clean_engine's callback data: outlives the adapter (the core keeps its
// callbacks for good), so it only points at a live Table, or at nothing.
// Outside the anonymous namespace: EngineAdapter::Table holds one.
struct CloseHook {
  std::atomic<EngineAdapter::Table*> table{nullptr};
};

namespace {

// Every CloseHook ever made, kept for the life of the process (the core has
// no unregister_callback); reachable, so not a leak to LeakSanitizer.
CloseHook* new_close_hook() {
  static std::mutex lock;
  static auto* hooks = new std::vector<std::unique_ptr<CloseHook>>;
  std::lock_guard<std::mutex> guard(lock);
  hooks->push_back(std::make_unique<CloseHook>());
  return hooks->back().get();
}

}  // namespace

struct EngineAdapter::Table {
  ENGINE_HANDLE_V1 v1{};  // first: the core's ENGINE_HANDLE* is a Table*
  ENGINE_HANDLE* engine = nullptr;
  Profile profile = Profile::tutorial_2010;
  CloseHook* close_hook = nullptr;  // mysql with clean_engine only
};

namespace {

using Table = EngineAdapter::Table;
Table* of(ENGINE_HANDLE* h) { return reinterpret_cast<Table*>(h); }

// Forward<H, &H::slot>::call has the slot's canonical signature and calls the
// slot of the engine's handle, laid out as H, with the engine's own handle.
template <typename H, auto Slot>
struct Forward;
template <typename H, typename R, typename... A, R (*H::*Slot)(ENGINE_HANDLE*, A...)>
struct Forward<H, Slot> {
  static R call(ENGINE_HANDLE* h, A... args) {
    Table* t = of(h);
    return (reinterpret_cast<H*>(t->engine)->*Slot)(t->engine, args...);
  }
};

// Every slot but destroy: the same type in each layout, maybe elsewhere.
template <typename H>
void forward_slots(ENGINE_HANDLE_V1& to, const H& from) {
#define ES_FORWARD_SLOT(slot) to.slot = from.slot != nullptr ? &Forward<H, &H::slot>::call : nullptr
  ES_FORWARD_SLOT(get_info);
  ES_FORWARD_SLOT(initialize);
  ES_FORWARD_SLOT(allocate);
  ES_FORWARD_SLOT(remove);
  ES_FORWARD_SLOT(release);
  ES_FORWARD_SLOT(get);
  ES_FORWARD_SLOT(store);
  ES_FORWARD_SLOT(arithmetic);
  ES_FORWARD_SLOT(flush);
  ES_FORWARD_SLOT(get_stats);
  ES_FORWARD_SLOT(reset_stats);
  ES_FORWARD_SLOT(get_stats_struct);
  ES_FORWARD_SLOT(aggregate_stats);
  ES_FORWARD_SLOT(unknown_command);
  ES_FORWARD_SLOT(tap_notify);
  // The TAP_ITERATOR it returns expects the engine's own handle; nothing in
  // enginesim calls one (no TAP consumer), so it is passed on as it is.
  ES_FORWARD_SLOT(get_tap_iterator);
  ES_FORWARD_SLOT(item_set_cas);
  ES_FORWARD_SLOT(get_item_info);
  ES_FORWARD_SLOT(errinfo);
#undef ES_FORWARD_SLOT
}

// destroy(handle, bool force) in both non-default layouts, at the same
// offset: the core passes false.
void forward_destroy(ENGINE_HANDLE* h) {
  Table* t = of(h);
  if (t->close_hook != nullptr) t->close_hook->table.store(nullptr);
  using DestroyForce = void (*)(ENGINE_HANDLE*, bool);
  // Through void(*)(void): the one cast between function types gcc accepts
  // without -Wcast-function-type; the engine was built with this signature.
  using Erased = void (*)(void);
  const auto destroy = reinterpret_cast<ENGINE_HANDLE_V1*>(t->engine)->destroy;
  reinterpret_cast<DestroyForce>(reinterpret_cast<Erased>(destroy))(t->engine, false);
}

// ON_DISCONNECT: the connection is closing, its cookie still valid.
void on_close(const void* cookie, ENGINE_EVENT_TYPE, const void*, const void* cb_data) {
  Table* t = static_cast<const CloseHook*>(cb_data)->table.load();
  if (t == nullptr) return;
  void* engine_data = server_side().handle.cookie->get_engine_specific(cookie);
  if (engine_data == nullptr) return;
  reinterpret_cast<EngineHandleMysql*>(t->engine)->clean_engine(t->engine, cookie, engine_data);
}

}  // namespace

std::unique_ptr<EngineAdapter> EngineAdapter::make(Profile profile, GET_SERVER_API canonical) {
  ES_CHECK_MSG(profile != Profile::tutorial_2010, "the default profile needs no adapter");
  ES_CHECK(canonical != nullptr);
  refresh_beta1(canonical);
  std::unique_ptr<EngineAdapter> adapter(new EngineAdapter(profile));
  adapter->table_ = std::make_unique<Table>();
  adapter->table_->profile = profile;
  return adapter;
}

EngineAdapter::EngineAdapter(Profile profile) : profile_(profile) {}
EngineAdapter::~EngineAdapter() {
  if (table_ && table_->close_hook != nullptr) table_->close_hook->table.store(nullptr);
}

GET_SERVER_API EngineAdapter::server_api_function() const { return &beta1_get_server_api; }

ENGINE_HANDLE* EngineAdapter::adapt(ENGINE_HANDLE* engine) {
  ES_CHECK(engine != nullptr);
  ES_CHECK_MSG(table_->engine == nullptr, "adapt() once per adapter");
  static_assert(std::is_standard_layout_v<Table>);
  static_assert(offsetof(Table, v1) == 0);
  Table& t = *table_;
  t.engine = engine;
  t.v1.interface.interface = engine->interface;
  if (profile_ == Profile::mysql) {
    const auto& e = *reinterpret_cast<const EngineHandleMysql*>(engine);
    forward_slots(t.v1, e);
    if (e.clean_engine != nullptr) {
      t.close_hook = new_close_hook();
      t.close_hook->table.store(&t);
      server_side().handle.callback->register_callback(reinterpret_cast<ENGINE_HANDLE*>(&t.v1),
                                                       ON_DISCONNECT, on_close, t.close_hook);
    }
  } else {
    forward_slots(t.v1, *reinterpret_cast<const ENGINE_HANDLE_V1*>(engine));
  }
  t.v1.destroy =
      reinterpret_cast<ENGINE_HANDLE_V1*>(engine)->destroy != nullptr ? &forward_destroy : nullptr;
  return reinterpret_cast<ENGINE_HANDLE*>(&t.v1);
}

}  // namespace enginesim::abi
