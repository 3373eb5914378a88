// adapter.cpp - the ABI adapter: the profile's server handle on one side, a
// canonical ENGINE_HANDLE_V1 forwarding to the engine's on the other.
#include "harness/abi/adapter.h"

#include <cstddef>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <type_traits>

#include "fakes/check.h"

namespace enginesim::abi {
namespace {

// --- the server side: 1.6.0-beta1 appends to two tables ------------------

// SERVER_CORE_API and SERVER_COOKIE_API as 1.6.0-beta1 lays them out: the
// canonical members, then the new ones (tests/include pins the offsets).
struct CoreApiBeta1 {
  SERVER_CORE_API base;
  int (*get_config)(struct config_item items[]);
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
  std::mutex lock;
  std::map<const void*, int> reservations;  // cookie -> reserve minus release
};

ServerSide& server_side() {
  static ServerSide side;
  return side;
}

SERVER_HANDLE_V1* beta1_get_server_api() { return &server_side().handle; }

// The fake server's settings, as memcached 1.6 reports them to get_config.
constexpr std::pair<const char*, const char*> kSettings[] = {
    {"cas_enabled", "true"}, {"item_size_max", "1048576"}, {"maxbytes", "67108864"},
    {"maxconns", "1024"},    {"num_threads", "4"},         {"verbosity", "0"},
};

// Fills the requested items the server knows through the core's own
// parse_config; items it does not know stay unfound.
int beta1_get_config(struct config_item items[]) {
  if (items == nullptr) return -1;
  std::string config;
  for (const config_item* item = items; item->key != nullptr; ++item) {
    for (const auto& [key, value] : kSettings) {
      if (std::string(item->key) == key) config += std::string(key) + "=" + value + ";";
    }
  }
  if (config.empty()) return 0;
  return server_side().core.base.parse_config(config.c_str(), items, stderr);
}

void beta1_reserve(const void* cookie) {
  ServerSide& s = server_side();
  std::lock_guard<std::mutex> guard(s.lock);
  ++s.reservations[cookie];
}

void beta1_release(const void* cookie) {
  ServerSide& s = server_side();
  std::lock_guard<std::mutex> guard(s.lock);
  auto found = s.reservations.find(cookie);
  if (found != s.reservations.end() && --found->second == 0) s.reservations.erase(found);
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

}  // namespace

// --- the engine side: a canonical handle that forwards ---------------------

struct EngineAdapter::Table {
  ENGINE_HANDLE_V1 v1{};  // first: the core's ENGINE_HANDLE* is a Table*
  ENGINE_HANDLE* engine = nullptr;
  Profile profile = Profile::tutorial_2010;
};

namespace {

using Table = EngineAdapter::Table;
Table* of(ENGINE_HANDLE* h) { return reinterpret_cast<Table*>(h); }
ENGINE_HANDLE_V1* v1_of(ENGINE_HANDLE* engine) {
  return reinterpret_cast<ENGINE_HANDLE_V1*>(engine);
}

// Forward<&ENGINE_HANDLE_V1::slot>::call has the slot's canonical signature
// and calls the same slot of the engine with the engine's own handle (every
// slot but destroy sits at the same offset with the same type in 1.6.0-beta1).
template <auto Slot>
struct Forward;
template <typename R, typename... A, R (*ENGINE_HANDLE_V1::*Slot)(ENGINE_HANDLE*, A...)>
struct Forward<Slot> {
  static R call(ENGINE_HANDLE* h, A... args) {
    Table* t = of(h);
    return (v1_of(t->engine)->*Slot)(t->engine, args...);
  }
};

template <auto Slot>
void forward_slot(ENGINE_HANDLE_V1& to, const ENGINE_HANDLE_V1& from) {
  to.*Slot = from.*Slot != nullptr ? &Forward<Slot>::call : nullptr;
}

void destroy_engine(Profile profile, ENGINE_HANDLE* engine) {
  ENGINE_HANDLE_V1* v1 = v1_of(engine);
  if (profile == Profile::v1_6_0_beta1) {
    // destroy(handle, bool force) in this layout: the core passes false.
    using DestroyBeta1 = void (*)(ENGINE_HANDLE*, bool);
    // Through void(*)(void): the one cast between function types gcc accepts
    // without -Wcast-function-type; the engine was built with this signature.
    using Erased = void (*)(void);
    reinterpret_cast<DestroyBeta1>(reinterpret_cast<Erased>(v1->destroy))(engine, false);
    return;
  }
  v1->destroy(engine);
}

void forward_destroy(ENGINE_HANDLE* h) { destroy_engine(of(h)->profile, of(h)->engine); }

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
EngineAdapter::~EngineAdapter() = default;

GET_SERVER_API EngineAdapter::server_api_function() const { return &beta1_get_server_api; }

ENGINE_HANDLE* EngineAdapter::adapt(ENGINE_HANDLE* engine) {
  ES_CHECK(engine != nullptr);
  ES_CHECK_MSG(table_->engine == nullptr, "adapt() once per adapter");
  static_assert(std::is_standard_layout_v<Table>);
  static_assert(offsetof(Table, v1) == 0);
  Table& t = *table_;
  t.engine = engine;
  const ENGINE_HANDLE_V1& e = *v1_of(engine);
  t.v1.interface.interface = e.interface.interface;
  forward_slot<&ENGINE_HANDLE_V1::get_info>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::initialize>(t.v1, e);
  t.v1.destroy = e.destroy != nullptr ? &forward_destroy : nullptr;
  forward_slot<&ENGINE_HANDLE_V1::allocate>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::remove>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::release>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::get>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::store>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::arithmetic>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::flush>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::get_stats>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::reset_stats>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::get_stats_struct>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::aggregate_stats>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::unknown_command>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::tap_notify>(t.v1, e);
  // The TAP_ITERATOR it returns expects the engine's own handle; nothing in
  // enginesim calls one (no TAP consumer), so it is passed on as it is.
  forward_slot<&ENGINE_HANDLE_V1::get_tap_iterator>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::item_set_cas>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::get_item_info>(t.v1, e);
  forward_slot<&ENGINE_HANDLE_V1::errinfo>(t.v1, e);
  return reinterpret_cast<ENGINE_HANDLE*>(&t.v1);
}

void EngineAdapter::destroy_unadapted(ENGINE_HANDLE* engine) const {
  destroy_engine(profile_, engine);
}

}  // namespace enginesim::abi
