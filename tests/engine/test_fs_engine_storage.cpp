// test_fs_engine_storage.cpp - the fs engine's files, key encoding, limits,
// item lifetime, persistence, concurrency and configuration.
#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "fs_fixture.h"

namespace enginesim {
namespace {

// Item data files are hex names; nothing else may appear.
void expect_safe_names(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    for (char c : name) {
      EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(c)) || c == '+' || c == '/') << name;
    }
    for (const auto& part : std::filesystem::path(name)) {
      EXPECT_LE(part.string().size(), 255u) << name;
    }
  }
}

TEST_P(FsEngineTest, BinaryKeysAreStoredUnderSafeNamesInTheDataDirectory) {
  const std::vector<std::string> keys = {std::string("a\0b", 3),
                                         std::string(1, '\0'),
                                         "/",
                                         "..",
                                         ".",
                                         "a/../../x",
                                         std::string(125, 'p'),
                                         std::string(126, 'p'),
                                         std::string(250, 'p'),
                                         std::string(249, 'p') + "q",
                                         std::string(250, '\xff'),
                                         "\r\n \t"};
  for (size_t i = 0; i < keys.size(); ++i) {
    OpResult s = set(keys[i], "v" + std::to_string(i));
    ASSERT_TRUE(s.ok()) << i << ' ' << status_name(s.status);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    OpResult g = get(keys[i]);
    ASSERT_TRUE(g.ok()) << i;
    EXPECT_EQ(g.value, "v" + std::to_string(i)) << i;
  }
  EXPECT_EQ(files().size(), keys.size());
  expect_safe_names(files());
  EXPECT_EQ(stat("curr_items"), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(remove(keys[i]).status, ENGINE_SUCCESS) << i;
  }
  // Long-key subdirectories go with their last file.
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

TEST_P(FsEngineTest, KeysLongerThan250BytesAreInvalid) {
  const std::string key(251, 'k');
  EXPECT_EQ(set(key, "v").status, ENGINE_EINVAL);
  EXPECT_EQ(get(key).status, ENGINE_EINVAL);
  EXPECT_EQ(remove(key).status, ENGINE_EINVAL);
  EXPECT_EQ(incr(key, 1).status, ENGINE_EINVAL);
  EXPECT_EQ(get("").status, ENGINE_EINVAL);
  EXPECT_EQ(set("", "v").status, ENGINE_EINVAL);
}

TEST_P(FsEngineTest, DefaultItemSizeLimitIsOneMegabytePlusTwo) {
  const std::string biggest(1024 * 1024, 'x');
  ASSERT_TRUE(set("big", biggest).ok());
  EXPECT_EQ(get("big").value, biggest);
  EXPECT_EQ(set("big2", biggest + "x").status, ENGINE_E2BIG);
}

TEST_P(FsEngineTest, ItemSizeMaxIsConfigurableAndBoundsAppend) {
  load(";item_size_max=100");
  ASSERT_TRUE(set("k", std::string(98, 'a')).ok());
  EXPECT_EQ(set("k2", std::string(99, 'a')).status, ENGINE_E2BIG);
  ASSERT_TRUE(set("s", std::string(50, 'a')).ok());
  EXPECT_EQ(store(OPERATION_APPEND, "s", std::string(49, 'b')).status, ENGINE_NOT_STORED);
  EXPECT_TRUE(store(OPERATION_APPEND, "s", std::string(48, 'b')).ok());
  EXPECT_EQ(get("s").value.size(), 98u);
}

// Calls get through the EWOULDBLOCK protocol and keeps the item.
item* hold(EngineClient& client, Connection& conn, const std::string& key) {
  item* it = nullptr;
  CallOutcome c = client.call(conn, [&] {
    it = nullptr;
    return client.v1()->get(client.handle(), &conn, &it, key.data(), static_cast<int>(key.size()),
                            0);
  });
  EXPECT_EQ(c.status, ENGINE_SUCCESS);
  return it;
}

TEST_P(FsEngineTest, AnItemOutlivesTheOverwriteAndRemovalOfItsKey) {
  OpResult s = set("k", "first", 5);
  item* held = hold(*client_, *conn_, "k");
  ASSERT_NE(held, nullptr);
  ASSERT_TRUE(set("k", "second-and-longer").ok());
  ASSERT_EQ(remove("k").status, ENGINE_SUCCESS);
  item_info info{};
  info.nvalue = 1;
  ASSERT_TRUE(client_->v1()->get_item_info(client_->handle(), conn_, held, &info));
  EXPECT_EQ(std::string(static_cast<char*>(info.value[0].iov_base), info.nbytes), "first\r\n");
  EXPECT_EQ(std::string(static_cast<const char*>(info.key), info.nkey), "k");
  EXPECT_EQ(info.flags, 5u);
  EXPECT_EQ(info.cas, s.cas);
  item_info none{};
  none.nvalue = 0;
  EXPECT_FALSE(client_->v1()->get_item_info(client_->handle(), conn_, held, &none));
  client_->v1()->release(client_->handle(), conn_, held);
}

TEST_P(FsEngineTest, AllocateDoesNotTouchTheDisk) {
  item* it = nullptr;
  ASSERT_EQ(client_->v1()->allocate(client_->handle(), conn_, &it, "k", 1, 7, 0, 0),
            ENGINE_SUCCESS);
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
  client_->v1()->release(client_->handle(), conn_, it);
  EXPECT_EQ(get("k").status, ENGINE_KEY_ENOENT);
}

TEST_P(FsEngineTest, DataSurvivesARestartAndNewCasStaysAbove) {
  ASSERT_TRUE(set("a", "1", 9).ok());
  OpResult b = set(std::string(200, 'b'), "2");
  ASSERT_TRUE(b.ok());
  load();
  EXPECT_EQ(stat("curr_items"), 2u);
  OpResult g = get("a");
  EXPECT_EQ(g.value, "1");
  EXPECT_EQ(g.flags, 9u);
  EXPECT_EQ(get(std::string(200, 'b')).cas, b.cas);
  EXPECT_GT(set("c", "3").cas, b.cas);
}

TEST_P(FsEngineTest, ForeignFilesInTheDirectoryAreLeftAlone) {
  std::ofstream(dir_.path() + "/README") << "not an item";
  ASSERT_TRUE(set("k", "v").ok());
  ASSERT_EQ(client_->flush(*conn_, 0).status, ENGINE_SUCCESS);
  EXPECT_EQ(files(), std::vector<std::string>{"README"});
}

TEST_P(FsEngineTest, ConcurrentIncrementsAreAtomic) {
  constexpr int kThreads = 4, kIncrements = 25;
  std::vector<Connection*> conns;
  for (int t = 0; t < kThreads; ++t) conns.push_back(&core_.connect());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrements; ++i) {
        if (!client_->arithmetic(*conns[t], "n", true, 1, true, 0).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  // The first create stores 0, every other call adds 1.
  EXPECT_EQ(get("n").value, std::to_string(kThreads * kIncrements - 1));
}

TEST_P(FsEngineTest, ConcurrentAddsHaveExactlyOneWinner) {
  constexpr int kThreads = 4;
  std::vector<Connection*> conns;
  for (int t = 0; t < kThreads; ++t) conns.push_back(&core_.connect());
  for (int round = 0; round < 10; ++round) {
    const std::string key = "k" + std::to_string(round);
    std::atomic<int> wins{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        if (client_->store(*conns[t], OPERATION_ADD, key, "v").ok()) ++wins;
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(wins.load(), 1) << key;
  }
}

TEST_P(FsEngineTest, ReadersNeverSeeHalfAFile) {
  const std::string a(64 * 1024, 'a'), b(32 * 1024, 'b');
  ASSERT_TRUE(set("k", a).ok());
  Connection& writer = core_.connect();
  std::atomic<bool> done{false};
  std::thread w([&] {
    for (int i = 0; i < 40; ++i) client_->store(writer, OPERATION_SET, "k", i % 2 ? a : b);
    done = true;
  });
  int reads = 0;
  while (!done || reads < 10) {
    OpResult g = get("k");
    EXPECT_TRUE(g.ok());
    EXPECT_TRUE(g.value == a || g.value == b) << "torn read of " << g.value.size();
    if (!g.ok() || (g.value != a && g.value != b)) break;
    ++reads;
  }
  w.join();
}

TEST_P(FsEngineTest, DestroyWaitsForWorkStillInFlight) {
  if (!blocking_mode()) GTEST_SKIP() << "nothing runs off-thread in sync mode";
  ASSERT_TRUE(set("k", "v").ok());
  // Calls the engine without waiting for the notify; destroy must let the
  // threads finish and free the results nobody collected (ASan checks).
  std::vector<Connection*> conns;
  for (int i = 0; i < 8; ++i) {
    conns.push_back(&core_.connect());
    item* it = nullptr;
    EXPECT_EQ(client_->v1()->get(client_->handle(), conns.back(), &it, "k", 1, 0),
              ENGINE_EWOULDBLOCK);
  }
  unload();
}

// --- configuration ------------------------------------------------------

// Loads with `config`, expecting initialize to fail; returns the log text.
std::string failed_load(const std::string& config) {
  Core core;
  LoadOptions options;
  options.config = config;
  LoadError error{};
  auto engine = load_engine(FS_ENGINE_PATH, core, options, &error);
  EXPECT_EQ(engine, nullptr) << "config \"" << config << "\" was accepted";
  EXPECT_EQ(error.kind, LoadError::Kind::initialize_failed) << error.message;
  std::string log;
  for (const auto& line : core.logs().lines()) log += line.text + "\n";
  return log;
}

TEST(FsEngineConfig, ADirectoryIsRequired) {
  EXPECT_NE(failed_load("mode=sync").find("dir=PATH"), std::string::npos);
  EXPECT_NE(failed_load("").find("dir=PATH"), std::string::npos);
}

TEST(FsEngineConfig, BadValuesAreRefusedWithAReason) {
  TempDir dir;
  const std::string d = "dir=" + dir.path();
  EXPECT_NE(failed_load(d + ";mode=turbo").find("turbo"), std::string::npos);
  EXPECT_NE(failed_load(d + ";colour=red").find("colour"), std::string::npos);
  EXPECT_NE(failed_load(d + ";threads=0").find("threads"), std::string::npos);
  EXPECT_NE(failed_load(d + ";threads=lots").find("threads"), std::string::npos);
  EXPECT_NE(failed_load(d + ";item_size_max=1").find("item_size_max"), std::string::npos);
}

TEST(FsEngineConfig, AMissingDirectoryIsCreated) {
  TempDir dir;
  const std::string nested = dir.path() + "/a/b/c";
  Core core;
  LoadOptions options;
  options.config = "dir=" + nested + ";mode=pool;threads=2";
  LoadError error{};
  auto engine = load_engine(FS_ENGINE_PATH, core, options, &error);
  ASSERT_NE(engine, nullptr) << error.message;
  EXPECT_TRUE(std::filesystem::is_directory(nested));
  EngineClient client(core, engine->handle());
  Connection& conn = core.connect();
  EXPECT_TRUE(client.store(conn, OPERATION_SET, "k", "v").ok());
  EXPECT_EQ(std::filesystem::exists(nested + "/6b"), true);
}

TEST(FsEngineConfig, AnUncreatableDirectoryFailsInitialize) {
  TempDir dir;
  std::ofstream(dir.path() + "/file") << "x";
  const std::string log = failed_load("dir=" + dir.path() + "/file/sub");
  EXPECT_NE(log.find(dir.path() + "/file/sub"), std::string::npos) << log;
}

TEST(FsEngineConfig, CreateInstanceRefusesOtherInterfaces) {
  Core core;
  void* dl = dlopen(FS_ENGINE_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(dl, nullptr) << dlerror();
  auto create = reinterpret_cast<CREATE_INSTANCE>(dlsym(dl, "create_instance"));
  ASSERT_NE(create, nullptr);
  ENGINE_HANDLE* handle = nullptr;
  EXPECT_EQ(create(2, Core::get_server_api_function(), &handle), ENGINE_ENOTSUP);
  EXPECT_EQ(handle, nullptr);
  dlclose(dl);
}

}  // namespace
}  // namespace enginesim
