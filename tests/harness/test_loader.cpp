// test_loader.cpp - every way an engine can fail to load is one clear message
// naming the file and the defect.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "harness/loader.h"

namespace enginesim {
namespace {

std::string broken(const std::string& kind) {
  return std::string(BROKEN_ENGINE_DIR) + "/broken_" + kind + ".so";
}

struct Failure {
  LoadError error{};
  bool loaded = false;
};

Failure load(const std::string& path, const std::string& config = "") {
  Core core;
  Failure f;
  LoadOptions options;
  options.config = config;
  auto engine = load_engine(path, core, options, &f.error);
  f.loaded = engine != nullptr;
  return f;
}

void expect_message_has(const Failure& f, std::initializer_list<std::string> parts) {
  for (const std::string& part : parts) {
    EXPECT_NE(f.error.message.find(part), std::string::npos)
        << "message lacks \"" << part << "\": " << f.error.message;
  }
}

TEST(Loader, CorrectEngineLoadsInitialisesAndDestroys) {
  Core core;
  LoadError error{};
  auto engine = load_engine(broken("ok"), core, {}, &error);
  ASSERT_NE(engine, nullptr) << error.message;
  EXPECT_EQ(core.engine(), engine->handle());
  // The server API's engine handle forwards to the engine.
  auto* via_api = reinterpret_cast<ENGINE_HANDLE_V1*>(core.server_api()->engine);
  EXPECT_STREQ(via_api->get_info(core.server_api()->engine)->description, "broken test engine");
  ASSERT_NE(engine->info(), nullptr);
  EXPECT_STREQ(engine->info()->description, "broken test engine");
  EXPECT_FALSE(engine->has_feature(ENGINE_FEATURE_CAS));
  engine->destroy();
  EXPECT_TRUE(engine->destroyed());
}

TEST(Loader, CallbacksOfAnUnloadedEngineAreNotCalled) {
  Core core;
  Connection& conn = core.connect();
  {
    LoadError error{};
    auto engine = load_engine(broken("ok"), core, {}, &error);
    ASSERT_NE(engine, nullptr) << error.message;
    // broken_ok registers two ON_DISCONNECT callbacks in initialize: one
    // under its handle, one under no engine.
    EXPECT_EQ(core.callback_count(ON_DISCONNECT), 2u);
    engine->destroy();
    EXPECT_EQ(core.callback_count(ON_DISCONNECT), 1u);  // its own: forgotten
  }                       // dlclose: the other callback's code is gone
  core.disconnect(conn);  // without the check: a call into unmapped code
  EXPECT_EQ(core.unmapped_callbacks_skipped(), 1u);
  EXPECT_EQ(conn.state, ConnState::closed);
}

TEST(Loader, MissingFile) {
  Failure f = load("/nonexistent/engine.so");
  EXPECT_FALSE(f.loaded);
  EXPECT_EQ(f.error.kind, LoadError::Kind::file_missing);
  expect_message_has(f, {"/nonexistent/engine.so", "not found"});
}

TEST(Loader, NotASharedObject) {
  const std::string path = ::testing::TempDir() + "/not_an_engine.so";
  std::ofstream(path) << "this is text, not ELF\n";
  Failure f = load(path);
  EXPECT_EQ(f.error.kind, LoadError::Kind::not_shared_object);
  expect_message_has(f, {path, "not a shared object"});
}

TEST(Loader, UndefinedSymbolKeepsTheDlerrorText) {
  Failure f = load(broken("undefined_symbol"));
  EXPECT_EQ(f.error.kind, LoadError::Kind::dlopen_failed);
  expect_message_has(
      f, {"broken_undefined_symbol.so", "undefined symbol", "enginesim_symbol_nobody_defines"});
}

TEST(Loader, NoCreateInstance) {
  Failure f = load(broken("no_create_instance"));
  EXPECT_EQ(f.error.kind, LoadError::Kind::no_create_instance);
  expect_message_has(f, {"broken_no_create_instance.so", "create_instance"});
}

TEST(Loader, CreateInstanceErrorIsNamed) {
  Failure f = load(broken("create_fails"));
  EXPECT_EQ(f.error.kind, LoadError::Kind::create_failed);
  expect_message_has(f, {"ENGINE_ENOMEM"});
}

TEST(Loader, NullHandle) {
  Failure f = load(broken("null_handle"));
  EXPECT_EQ(f.error.kind, LoadError::Kind::null_handle);
  expect_message_has(f, {"no handle"});
}

TEST(Loader, WrongInterface) {
  Failure f = load(broken("wrong_interface"));
  EXPECT_EQ(f.error.kind, LoadError::Kind::wrong_interface);
  expect_message_has(f, {"interface 2"});
}

TEST(Loader, NullSlotIsNamed) {
  Failure f = load(broken("null_slot"));
  EXPECT_EQ(f.error.kind, LoadError::Kind::null_slot);
  expect_message_has(f, {"ENGINE_HANDLE_V1.get_item_info is NULL"});
}

TEST(Loader, InitializeFailureShowsCodeAndEngineLog) {
  Failure f = load(broken("init_fails"), "db=/nowhere");
  EXPECT_EQ(f.error.kind, LoadError::Kind::initialize_failed);
  expect_message_has(f, {"ENGINE_EINVAL", "db=/nowhere", "cannot open the database"});
}

TEST(Loader, WrapHookSeesInitialize) {
  Core core;
  LoadOptions options;
  ENGINE_HANDLE* seen = nullptr;
  options.wrap = [&](ENGINE_HANDLE* h) {
    seen = h;
    return h;
  };
  auto engine = load_engine(broken("ok"), core, options, nullptr);
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(seen, engine->handle());
}

// memcached started without -e (and without the options it turns into one)
// calls initialize with NULL (memcached.c@82fb476:6685-6691): an empty
// configuration reaches the engine as NULL, a given one as given.
const char* g_config_seen = "unset";
ENGINE_ERROR_CODE record_config(ENGINE_HANDLE*, const char* config) {
  g_config_seen = config;
  return ENGINE_SUCCESS;
}

TEST(Loader, NoConfigurationIsNullAsMemcachedPassesIt) {
  for (const std::string config : {"", "cache_size=64"}) {
    Core core;
    LoadOptions options;
    options.config = config;
    options.wrap = [](ENGINE_HANDLE* h) {
      reinterpret_cast<ENGINE_HANDLE_V1*>(h)->initialize = record_config;
      return h;
    };
    g_config_seen = "unset";
    auto engine = load_engine(broken("ok"), core, options, nullptr);
    ASSERT_NE(engine, nullptr);
    if (config.empty()) {
      EXPECT_EQ(g_config_seen, nullptr);
    } else {
      ASSERT_NE(g_config_seen, nullptr);
      EXPECT_STREQ(g_config_seen, "cache_size=64");
    }
  }
}

TEST(Loader, RequiredSlotsAreTheCoresList) { EXPECT_EQ(required_slots().size(), 14u); }

}  // namespace
}  // namespace enginesim
