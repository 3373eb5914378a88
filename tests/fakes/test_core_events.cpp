// test_core_events.cpp - the events the fake core fires, as memcached's core
// fires them: ON_SWITCH_CONN once per client command, callbacks in reverse
// order of registration, ON_LOG_LEVEL only for a verbosity command, and
// 1.6.0-beta1's binary VERBOSITY answered by the core itself.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "client_rig.h"

namespace enginesim {
namespace {

struct Fired {
  std::string who;
  const void* cookie;
  const void* data;
};
std::vector<Fired> g_fired;

void record(const void* cookie, ENGINE_EVENT_TYPE, const void* data, const void* cb_data) {
  g_fired.push_back({static_cast<const char*>(cb_data), cookie, data});
}

// memcached's event_handler fires ON_SWITCH_CONN(data = cookie = the
// connection) at every entry (memcached.c@82fb476:5239); register_callback
// prepends (:5912-5922), so the last registered runs first. The core's own
// incr/decr for an engine without arithmetic is one command, one event.
TEST(CoreEvents, EachClientCommandSwitchesToItsConnectionOnceLastRegisteredFirst) {
  g_fired.clear();
  ClientRig rig;
  rig.core.register_callback(rig.engine.handle(), ON_SWITCH_CONN, record, "first");
  rig.core.register_callback(rig.engine.handle(), ON_SWITCH_CONN, record, "second");
  rig.client.store(rig.conn, OPERATION_SET, "n", "1");
  reinterpret_cast<ENGINE_HANDLE_V1*>(rig.engine.handle())->arithmetic = nullptr;
  rig.client.arithmetic(rig.conn, "n", true, 1);
  ASSERT_EQ(g_fired.size(), 4u);  // two commands, two callbacks each
  EXPECT_EQ(g_fired[0].who, "second");
  EXPECT_EQ(g_fired[1].who, "first");
  for (const Fired& f : g_fired) {
    EXPECT_EQ(f.cookie, &rig.conn);
    EXPECT_EQ(f.data, &rig.conn);
  }
}

// SERVER_LOG_API.set_level fires nothing (set_log_level, memcached.c@82fb476:
// 6204-6213); a client's verbosity command fires ON_LOG_LEVEL with no data
// and no cookie (:4224-4225). Without -v the level is WARNING (:6191-6202).
TEST(CoreEvents, OnlyAVerbosityCommandFiresOnLogLevelAndWithoutData) {
  g_fired.clear();
  Core core;
  EXPECT_EQ(core.log_level(), EXTENSION_LOG_WARNING);
  core.register_callback(nullptr, ON_LOG_LEVEL, record, "log");
  core.set_log_level(EXTENSION_LOG_DEBUG);
  EXPECT_TRUE(g_fired.empty());
  EXPECT_EQ(core.log_level(), EXTENSION_LOG_DEBUG);
  core.verbosity_command(EXTENSION_LOG_INFO);
  ASSERT_EQ(g_fired.size(), 1u);
  EXPECT_EQ(g_fired[0].cookie, nullptr);
  EXPECT_EQ(g_fired[0].data, nullptr);
  EXPECT_EQ(core.log_level(), EXTENSION_LOG_INFO);
}

std::string verbosity_request(bool with_level, uint32_t level) {
  std::string packet(sizeof(protocol_binary_request_header) + (with_level ? 4 : 0), '\0');
  auto* h = reinterpret_cast<protocol_binary_request_header*>(packet.data());
  h->request.magic = PROTOCOL_BINARY_REQ;
  h->request.opcode = PROTOCOL_BINARY_CMD_VERBOSITY;
  if (with_level) {
    h->request.extlen = 4;
    h->request.bodylen = htonl(4);
    const uint32_t net = htonl(level);
    std::memcpy(packet.data() + sizeof(*h), &net, 4);
  }
  return packet;
}

// 1.6.0-beta1 answers binary VERBOSITY itself (process_bin_verbosity,
// daemon/memcached.c@1b4ba6b:2722-2733); one without its level is a protocol
// error, EINVAL (:2995-3001). The 2010 core forwards it to the engine.
TEST(CoreEvents, Beta1AnswersVerbosityItselfAnd2010ForwardsIt) {
  for (const bool beta1 : {false, true}) {
    g_fired.clear();
    ClientRig rig;
    CoreConventions conventions;
    conventions.verbosity_by_core = beta1;
    rig.core.set_conventions(conventions);
    rig.core.register_callback(nullptr, ON_LOG_LEVEL, record, "log");
    const UnknownCommandResult r = rig.client.unknown_command(rig.conn, verbosity_request(true, 1));
    EXPECT_EQ(r.status, ENGINE_SUCCESS);
    EXPECT_EQ(rig.engine.calls_of(Fn::unknown_command).size(), beta1 ? 0u : 1u);
    EXPECT_EQ(g_fired.size(), beta1 ? 1u : 0u);
    if (beta1) {
      EXPECT_EQ(rig.core.log_level(), EXTENSION_LOG_INFO);
      EXPECT_EQ(rig.client.unknown_command(rig.conn, verbosity_request(false, 0)).status,
                ENGINE_EINVAL);
      EXPECT_TRUE(rig.engine.calls_of(Fn::unknown_command).empty());
    }
  }
}

}  // namespace
}  // namespace enginesim
