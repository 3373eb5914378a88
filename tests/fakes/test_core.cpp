// test_core.cpp - the fake core's server API: no NULL pointers, cookies,
// notify bookkeeping, callbacks, extensions, logs, stats.
#include <gtest/gtest.h>

#include <thread>

#include "fakes/core.h"

namespace enginesim {
namespace {

template <class T>
void expect_no_null_members(const T* table, const char* name) {
  ASSERT_NE(table, nullptr) << name;
  const void* const* slots = reinterpret_cast<const void* const*>(table);
  for (size_t i = 0; i < sizeof(T) / sizeof(void*); ++i) {
    EXPECT_NE(slots[i], nullptr) << name << " slot " << i;
  }
}

TEST(Core, ServerApiHasNoNullPointer) {
  Core core;
  SERVER_HANDLE_V1* api = Core::get_server_api_function()();
  ASSERT_EQ(api, core.server_api());
  EXPECT_EQ(api->interface, 1u);
  expect_no_null_members(api->core, "core");
  expect_no_null_members(api->stat, "stat");
  expect_no_null_members(api->extension, "extension");
  expect_no_null_members(api->callback, "callback");
  expect_no_null_members(api->log, "log");
  expect_no_null_members(api->cookie, "cookie");
  EXPECT_NE(api->log->get_logger(), nullptr);
  EXPECT_NE(api->core->server_version(), nullptr);
}

TEST(Core, TimeComesFromTheVirtualClock) {
  Core core;
  SERVER_HANDLE_V1* api = core.server_api();
  EXPECT_EQ(api->core->get_current_time(), 2u);
  core.clock().advance_sec(60);
  EXPECT_EQ(api->core->get_current_time(), 62u);
  EXPECT_EQ(api->core->realtime(10), 72u);
  EXPECT_EQ(api->core->abstime(62), core.clock().now_unix_sec());
}

// accept(2) hands out the lowest free descriptor, and conn_close sets
// c->sfd = -1 before ON_DISCONNECT (memcached.c@82fb476:686, 695).
int g_fd_in_disconnect = 0;
void note_fd(const void* cookie, ENGINE_EVENT_TYPE, const void*, const void*) {
  g_fd_in_disconnect = Core::active()->server_api()->cookie->get_socket_fd(cookie);
}

TEST(Core, SocketFdsAreSmallReusedAndGoneInOnDisconnect) {
  Core core;
  SERVER_HANDLE_V1* api = core.server_api();
  core.register_callback(nullptr, ON_DISCONNECT, note_fd, nullptr);
  Connection& a = core.connect();
  Connection& b = core.connect();
  const int fd_a = api->cookie->get_socket_fd(&a);
  EXPECT_LT(fd_a, 64);
  EXPECT_EQ(api->cookie->get_socket_fd(&b), fd_a + 1);
  core.disconnect(a);
  EXPECT_EQ(g_fd_in_disconnect, -1);
  Connection& c = core.connect();
  EXPECT_EQ(api->cookie->get_socket_fd(&c), fd_a);  // the freed number again
}

TEST(Core, CookiesAreDistinctConnections) {
  Core core;
  SERVER_HANDLE_V1* api = core.server_api();
  Connection& a = core.connect("alice");
  Connection& b = core.connect();
  EXPECT_NE(api->cookie->get_socket_fd(&a), api->cookie->get_socket_fd(&b));
  auth_data_t auth{};
  api->cookie->get_auth_data(&a, &auth);
  ASSERT_NE(auth.username, nullptr);
  EXPECT_STREQ(auth.username, "alice");
  api->cookie->get_auth_data(&b, &auth);
  EXPECT_EQ(auth.username, nullptr);
  int x = 0, y = 0;
  api->cookie->store_engine_specific(&a, &x);
  api->cookie->store_engine_specific(&b, &y);
  EXPECT_EQ(api->cookie->get_engine_specific(&a), &x);
  EXPECT_EQ(api->cookie->get_engine_specific(&b), &y);
  EXPECT_EQ(core.from_cookie(&a), &a);
  int not_a_cookie;
  EXPECT_EQ(core.from_cookie(&not_a_cookie), nullptr);
}

TEST(Core, NotifyAfterBlockIsDelivered) {
  Core core;
  Connection& c = core.connect();
  core.begin_call(c);
  EXPECT_EQ(c.state, ConnState::in_call);
  core.end_call(c, ENGINE_EWOULDBLOCK);
  EXPECT_EQ(c.state, ConnState::waiting);
  std::thread engine_thread(
      [&] { core.server_api()->cookie->notify_io_complete(&c, ENGINE_KEY_ENOENT); });
  BlockOutcome out = core.await_notify(c);
  engine_thread.join();
  EXPECT_TRUE(out.notified);
  EXPECT_EQ(out.status, ENGINE_KEY_ENOENT);
  EXPECT_EQ(c.state, ConnState::idle);
  EXPECT_EQ(c.notify_count, 1u);
}

TEST(Core, NotifyDuringTheCallCountsWhenTheCallBlocks) {
  Core core;
  Connection& c = core.connect();
  core.begin_call(c);
  core.notify_io_complete(&c, ENGINE_SUCCESS);  // engine thread was quick
  core.end_call(c, ENGINE_EWOULDBLOCK);
  EXPECT_EQ(c.state, ConnState::notified);
  BlockOutcome out = core.await_notify(c);
  EXPECT_TRUE(out.notified);
  EXPECT_EQ(out.status, ENGINE_SUCCESS);
  EXPECT_EQ(core.notify_anomalies().not_waiting, 0u);
}

TEST(Core, BadNotifiesAreCountedNotActedOn) {
  Core core;
  Connection& c = core.connect();
  core.notify_io_complete(&c, ENGINE_SUCCESS);  // idle: spurious
  EXPECT_EQ(core.notify_anomalies().not_waiting, 1u);
  core.begin_call(c);
  core.end_call(c, ENGINE_EWOULDBLOCK);
  core.notify_io_complete(&c, ENGINE_SUCCESS);
  core.notify_io_complete(&c, ENGINE_SUCCESS);  // double
  EXPECT_EQ(core.notify_anomalies().double_notify, 1u);
  int stranger;
  core.notify_io_complete(&stranger, ENGINE_SUCCESS);
  EXPECT_EQ(core.notify_anomalies().unknown_cookie, 1u);
  EXPECT_TRUE(core.await_notify(c).notified);
}

// Two notifies before the worker picks the connection up: memcached's
// second finds conn->ewouldblock still set and writes conn->aiostat again,
// so the worker acts on the last status (2010-era thread.c, id 15277365947).
TEST(Core, ASecondNotifyBeforeThePickUpLeavesItsStatus) {
  Core core;
  Connection& c = core.connect();
  core.begin_call(c);
  core.end_call(c, ENGINE_EWOULDBLOCK);
  core.notify_io_complete(&c, ENGINE_SUCCESS);
  core.notify_io_complete(&c, ENGINE_TMPFAIL);
  EXPECT_EQ(core.notify_anomalies().double_notify, 1u);
  const BlockOutcome out = core.await_notify(c);
  EXPECT_TRUE(out.notified);
  EXPECT_EQ(out.status, ENGINE_TMPFAIL);
}

TEST(Core, NotifyOfAClosedConnectionIsCountedApart) {
  Core core;
  Connection& idle = core.connect();
  Connection& gone = core.connect();
  core.disconnect(gone);
  core.notify_io_complete(&idle, ENGINE_SUCCESS);
  EXPECT_EQ(core.notify_anomalies().closed, 0u);
  core.notify_io_complete(&gone, ENGINE_SUCCESS);
  EXPECT_EQ(core.notify_anomalies().not_waiting, 2u);
  EXPECT_EQ(core.notify_anomalies().closed, 1u);
  EXPECT_EQ(gone.bad_notify_count, 1u);
}

TEST(Core, LostNotifyEndsAfterTheLimit) {
  CoreOptions options;
  options.notify_timeout_ms = 20;
  Core core(options);
  Connection& c = core.connect();
  core.begin_call(c);
  core.end_call(c, ENGINE_EWOULDBLOCK);
  BlockOutcome out = core.await_notify(c);
  EXPECT_FALSE(out.notified);
  EXPECT_EQ(c.state, ConnState::idle);
}

struct Seen {
  int connects = 0, disconnects = 0, levels = 0;
  const void* last_cookie = nullptr;
};
void on_event(const void* cookie, ENGINE_EVENT_TYPE type, const void*, const void* data) {
  auto* seen = const_cast<Seen*>(static_cast<const Seen*>(data));
  if (type == ON_CONNECT) ++seen->connects;
  if (type == ON_DISCONNECT) ++seen->disconnects;
  if (type == ON_LOG_LEVEL) ++seen->levels;
  seen->last_cookie = cookie;
}

TEST(Core, CallbacksFireOnConnectDisconnectAndLogLevel) {
  Core core;
  Seen seen;
  SERVER_HANDLE_V1* api = core.server_api();
  api->callback->register_callback(nullptr, ON_CONNECT, on_event, &seen);
  api->callback->register_callback(nullptr, ON_DISCONNECT, on_event, &seen);
  api->callback->register_callback(nullptr, ON_LOG_LEVEL, on_event, &seen);
  Connection& c = core.connect();
  EXPECT_EQ(seen.connects, 1);
  EXPECT_EQ(seen.last_cookie, &c);
  core.disconnect(c);
  EXPECT_EQ(seen.disconnects, 1);
  EXPECT_EQ(c.state, ConnState::closed);
  api->log->set_level(EXTENSION_LOG_DEBUG);  // memcached's set_log_level fires nothing
  EXPECT_EQ(seen.levels, 0);
  EXPECT_EQ(api->log->get_level(), EXTENSION_LOG_DEBUG);
  core.verbosity_command(EXTENSION_LOG_INFO);  // a client's `verbosity` does
  EXPECT_EQ(seen.levels, 1);
  EXPECT_EQ(core.callback_count(ON_AUTH), 0u);
}

TEST(Core, LoggerCapturesLinesWithLevelAndConnection) {
  Core core;
  Connection& c = core.connect();
  EXTENSION_LOGGER_DESCRIPTOR* logger = core.server_api()->log->get_logger();
  logger->log(EXTENSION_LOG_WARNING, &c, "disk %s at %d%%\n", "full", 99);
  logger->log(EXTENSION_LOG_DETAIL, nullptr, "below the level: dropped");
  auto lines = core.logs().lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "disk full at 99%");
  EXPECT_EQ(lines[0].level, EXTENSION_LOG_WARNING);
  EXPECT_EQ(lines[0].conn_id, c.id);
}

const char* daemon_name() { return "test daemon"; }

TEST(Core, ExtensionsRegistry) {
  Core core;
  SERVER_EXTENSION_API* ext = core.server_api()->extension;
  EXPECT_NE(ext->get_extension(EXTENSION_LOGGER), nullptr);
  EXPECT_EQ(ext->get_extension(EXTENSION_DAEMON), nullptr);
  EXTENSION_DAEMON_DESCRIPTOR daemon{daemon_name, nullptr};
  EXPECT_TRUE(ext->register_extension(EXTENSION_DAEMON, &daemon));
  EXPECT_EQ(ext->get_extension(EXTENSION_DAEMON), &daemon);
  ext->unregister_extension(EXTENSION_DAEMON, &daemon);
  EXPECT_EQ(ext->get_extension(EXTENSION_DAEMON), nullptr);
  EXPECT_FALSE(ext->register_extension(EXTENSION_DAEMON, nullptr));
}

TEST(Core, StatsBlocksAndEvictions) {
  Core core;
  SERVER_STAT_API* stat = core.server_api()->stat;
  void* block = stat->new_stats();
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(core.live_stats_blocks(), 1u);
  stat->release_stats(block);
  EXPECT_EQ(core.live_stats_blocks(), 0u);
  stat->evicting(nullptr, "k", 1);
  EXPECT_EQ(core.evictions(), 1u);
  core.server_api()->core->shutdown();
  EXPECT_TRUE(core.shutdown_requested());
}

TEST(Core, HashAndParseConfigAreReal) {
  Core core;
  SERVER_CORE_API* api = core.server_api()->core;
  EXPECT_NE(api->hash("a", 1, 0), api->hash("b", 1, 0));
  size_t n = 0;
  config_item items[] = {{"n", DT_SIZE, {.dt_size = &n}, false},
                         {nullptr, DT_SIZE, {.dt_size = nullptr}, false}};
  EXPECT_EQ(api->parse_config("n=5", items, nullptr), 0);
  EXPECT_EQ(n, 5u);
}

}  // namespace
}  // namespace enginesim
