// test_abi_adapter.cpp - the ABI profiles' names, the 1.6.0-beta1 server
// handle an engine of that profile gets, and such an engine driven through
// the canonical handle the adapter gives the core.
#include <gtest/gtest.h>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/abi/adapter.h"
#include "harness/loader.h"

extern "C" int enginesim_beta1_get_config(GET_SERVER_API api, const char* key, size_t* value,
                                          int* found);
extern "C" int enginesim_beta1_get_config_bool_size(GET_SERVER_API api, const char* bool_key,
                                                    bool* flag, const char* size_key, size_t* size,
                                                    int* found);
extern "C" void enginesim_beta1_reserve_release(GET_SERVER_API api, const void* cookie);
extern "C" rel_time_t enginesim_beta1_current_time(GET_SERVER_API api);

namespace enginesim {
namespace {

using abi::EngineAdapter;
using abi::Profile;

TEST(AbiProfile, NamesRoundTrip) {
  EXPECT_EQ(abi::parse("tutorial-2010"), Profile::tutorial_2010);
  EXPECT_EQ(abi::parse("1.6.0-beta1"), Profile::v1_6_0_beta1);
  EXPECT_EQ(abi::parse("mysql"), Profile::mysql);
  EXPECT_EQ(abi::parse("MySQL"), std::nullopt);
  EXPECT_EQ(abi::parse(""), std::nullopt);
  EXPECT_STREQ(abi::name(Profile::v1_6_0_beta1), "1.6.0-beta1");
  EXPECT_EQ(abi::known_names(), "tutorial-2010, 1.6.0-beta1, mysql");
}

TEST(AbiAdapter, Beta1ServerHandleAddsGetConfig) {
  Core core;
  auto adapter = EngineAdapter::make(Profile::v1_6_0_beta1, Core::get_server_api_function());
  size_t value = 0;
  int found = 0;
  EXPECT_EQ(
      enginesim_beta1_get_config(adapter->server_api_function(), "item_size_max", &value, &found),
      0);
  EXPECT_TRUE(found);
  EXPECT_EQ(value, 1024u * 1024u);
  found = 1;
  EXPECT_EQ(
      enginesim_beta1_get_config(adapter->server_api_function(), "no_such_setting", &value, &found),
      0);
  EXPECT_FALSE(found);
}

// memcached 1.6.0-beta1 writes every setting as `stats settings` shows it
// and parses the string into the engine's items (get_config,
// daemon/memcached.c@1b4ba6b:6606-6612): "evictions=on" reads as a bool,
// "cas_enabled=yes" does not, and the parse stops there, so an item later in
// the settings' order (item_size_max) stays unset and the call is false.
TEST(AbiAdapter, Beta1GetConfigReadsTheSettingsAsMemcachedWritesThem) {
  Core core;
  auto adapter = EngineAdapter::make(Profile::v1_6_0_beta1, Core::get_server_api_function());
  GET_SERVER_API api = adapter->server_api_function();
  bool flag = false;
  size_t size = 0;
  int found[2] = {0, 0};
  EXPECT_EQ(
      enginesim_beta1_get_config_bool_size(api, "evictions", &flag, "item_size_max", &size, found),
      0);
  EXPECT_TRUE(found[0] && flag);
  EXPECT_TRUE(found[1]);
  EXPECT_EQ(size, 1024u * 1024u);
  size = 0;
  EXPECT_EQ(enginesim_beta1_get_config_bool_size(api, "cas_enabled", &flag, "item_size_max", &size,
                                                 found),
            -1);
  EXPECT_FALSE(found[0]);
  EXPECT_FALSE(found[1]);
  EXPECT_EQ(size, 0u);
  // The verbosity is the core's log level, as settings.verbose.
  core.set_log_level(EXTENSION_LOG_DEBUG);
  EXPECT_EQ(enginesim_beta1_get_config(api, "verbosity", &size, found), 0);
  EXPECT_EQ(size, 2u);
}

TEST(AbiAdapter, Beta1ServerHandleKeepsTheCoresFunctions) {
  Core core;
  auto adapter = EngineAdapter::make(Profile::v1_6_0_beta1, Core::get_server_api_function());
  core.clock().advance_sec(7);
  EXPECT_EQ(enginesim_beta1_current_time(adapter->server_api_function()),
            core.server_api()->core->get_current_time());
  Connection& conn = core.connect();
  enginesim_beta1_reserve_release(adapter->server_api_function(), &conn);
}

TEST(AbiAdapter, Beta1EngineRunsBehindACanonicalHandle) {
  Core core;
  LoadOptions options;
  options.abi = Profile::v1_6_0_beta1;
  LoadError error{};
  auto engine = load_engine(std::string(ENGINE_DIR) + "/abi_beta1_kv.so", core, options, &error);
  ASSERT_NE(engine, nullptr) << error.message;
  EXPECT_STREQ(engine->info()->description, "kv_engine (enginesim example)");
  EngineClient client(core, engine->handle());
  Connection& conn = core.connect();
  ASSERT_TRUE(client.store(conn, OPERATION_SET, "k", "v").ok());
  const OpResult got = client.get(conn, "k");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value, "v");
  // The default item size limit came from the server's get_config (1 MiB of
  // value): one byte more is refused.
  EXPECT_EQ(client.store(conn, OPERATION_SET, "big", std::string(1024 * 1024 + 1, 'x')).status,
            ENGINE_E2BIG);
  EXPECT_TRUE(client.store(conn, OPERATION_SET, "big", std::string(1024 * 1024, 'x')).ok());
  core.disconnect(conn);
  engine->destroy();
  EXPECT_TRUE(engine->destroyed());
}

std::string stat(const StatsResult& r, const std::string& name) {
  for (const auto& [k, v] : r.stats) {
    if (k == name) return v;
  }
  return "(missing)";
}

// MySQL's core calls clean_engine when a connection with engine-specific
// data closes, with that data; not for connections without.
TEST(AbiAdapter, MysqlCoreCallsCleanEngineWhenAConnectionWithEngineDataCloses) {
  Core core;
  LoadOptions options;
  options.abi = Profile::mysql;
  LoadError error{};
  auto engine = load_engine(std::string(ENGINE_DIR) + "/abi_mysql_kv.so", core, options, &error);
  ASSERT_NE(engine, nullptr) << error.message;
  EngineClient client(core, engine->handle());
  Connection& with_data = core.connect();
  Connection& without = core.connect();
  ASSERT_TRUE(client.store(with_data, OPERATION_SET, "k", "v").ok());
  const OpResult got = client.get(with_data, "k");  // the engine keeps a record for it
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value, "v");
  ASSERT_NE(core.engine_specific(with_data), nullptr);
  Connection& observer = core.connect();
  EXPECT_EQ(stat(client.stats(observer), "clean_engine_calls"), "0");
  core.disconnect(with_data);
  core.disconnect(without);
  const StatsResult after = client.stats(observer);
  EXPECT_EQ(stat(after, "clean_engine_calls"), "1");
  EXPECT_EQ(stat(after, "clean_engine_bad_data"), "0");
  core.disconnect(observer);  // stats keeps no record: no call
  engine->destroy();
}

// The slots after remove and release sit 8 and 16 bytes further on: the
// whole catalogue of operations works through the canonical handle.
TEST(AbiAdapter, MysqlEngineSlotsAreFoundAtTheirOffsets) {
  Core core;
  LoadOptions options;
  options.abi = Profile::mysql;
  LoadError error{};
  auto engine = load_engine(std::string(ENGINE_DIR) + "/abi_mysql_kv.so", core, options, &error);
  ASSERT_NE(engine, nullptr) << error.message;
  EngineClient client(core, engine->handle());
  Connection& conn = core.connect();
  ASSERT_TRUE(client.store(conn, OPERATION_SET, "n", "41").ok());
  const OpResult incr = client.arithmetic(conn, "n", true, 1);
  ASSERT_TRUE(incr.ok());
  EXPECT_EQ(incr.number, 42u);
  EXPECT_EQ(client.remove(conn, "n").status, ENGINE_SUCCESS);
  EXPECT_EQ(client.get(conn, "n").status, ENGINE_KEY_ENOENT);
  core.disconnect(conn);
  engine->destroy();
}

}  // namespace
}  // namespace enginesim
