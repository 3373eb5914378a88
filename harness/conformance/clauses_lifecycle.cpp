// clauses_lifecycle.cpp - create_instance, initialize, destroy: interface
// negotiation, configuration errors, and no thread surviving destroy.
#include <dirent.h>
#include <dlfcn.h>

#include <chrono>
#include <thread>

#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

size_t thread_count() {
  size_t n = 0;
  if (DIR* d = ::opendir("/proc/self/task")) {
    while (dirent* e = ::readdir(d)) n += e->d_name[0] != '.';
    ::closedir(d);
  }
  return n;
}

void bad_interface(ClauseContext& c) {
  void* dl = ::dlopen(c.setup().engine_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  c.require(c.expect_true("dlopen", dl != nullptr, "the engine loads", dl ? "" : ::dlerror()));
  auto create = reinterpret_cast<CREATE_INSTANCE>(::dlsym(dl, "create_instance"));
  c.require(c.expect_true("create_instance", create != nullptr, "exported", "missing"));
  {
    ENGINE_HANDLE* handle = nullptr;
    // A handle returned here is not a V1 handle: it is leaked, never destroyed.
    ENGINE_ERROR_CODE rc = create(0, Core::get_server_api_function(), &handle);
    c.expect_status("create_instance(interface=0)", rc, ENGINE_ENOTSUP);
  }
  // engine.h: `interface` is the highest level the server supports; the
  // engine may answer with a handle of a lower level, which the core checks.
  ENGINE_HANDLE* handle = nullptr;
  ENGINE_ERROR_CODE rc = create(2, Core::get_server_api_function(), &handle);
  if (rc == ENGINE_SUCCESS) {
    c.expect_true("create_instance(interface=2) answered with a handle",
                  handle != nullptr && handle->interface >= 1 && handle->interface <= 2,
                  "a handle of interface 1 or 2",
                  handle ? std::to_string(handle->interface) : "NULL");
  } else {
    c.expect_status("create_instance(interface=2)", rc, ENGINE_ENOTSUP);
  }
  // dl stays open: an engine thread started by a wrong create must not
  // jump into unmapped code.
}

void get_info_before_initialize(ClauseContext& c) {
  LoadOptions options;
  options.initialize = false;
  LoadError error{};
  LoadedEngine* engine = c.load(options, &error);
  c.require(c.expect_true("create_instance", engine != nullptr, "a handle", error.message));
  const engine_info* info = engine->v1()->get_info(engine->handle());
  c.expect_true("get_info before initialize", info != nullptr && info->description != nullptr,
                "a table with a description", "NULL");
  engine->destroy();
}

void destroy_uninitialized(ClauseContext& c) {
  LoadOptions options;
  options.initialize = false;
  LoadError error{};
  LoadedEngine* engine = c.load(options, &error);
  c.require(c.expect_true("create_instance", engine != nullptr, "a handle", error.message));
  engine->destroy();  // a crash here ends the clause as DIED
}

void initialize_once(ClauseContext& c) {
  LoadOptions options;
  options.initialize = false;
  LoadError error{};
  LoadedEngine* engine = c.load(options, &error);
  c.require(c.expect_true("create_instance", engine != nullptr, "a handle", error.message));
  ENGINE_ERROR_CODE rc = engine->v1()->initialize(engine->handle(), c.setup().config.c_str());
  c.require(c.expect_status("initialize(config)", rc, ENGINE_SUCCESS));
  // At once: no clock advance, no sleep, no second initialize.
  EngineClient client(c.core(), engine->handle());
  Connection& conn = c.core().connect();
  c.expect_ok("set k right after initialize", client.store(conn, OPERATION_SET, "k", "v"));
  OpResult r = client.get(conn, "k");
  c.expect_ok("get k", r) && c.expect_eq("value", r.value, "v");
  c.expect_status("stats", client.stats(conn).status, ENGINE_SUCCESS);
  c.core().disconnect(conn);
  engine->destroy();
}

std::string with_key(const std::string& config, const std::string& pair) {
  return config.empty() ? pair : config + ";" + pair;
}

void bad_config(ClauseContext& c, const std::string& pair) {
  LoadOptions options;
  options.config = with_key(c.setup().config, pair);
  LoadError error{};
  LoadedEngine* engine = c.load(options, &error);
  c.require(c.expect_true("initialize(\"" + options.config + "\")", engine == nullptr,
                          "ENGINE_EINVAL", "ENGINE_SUCCESS"));
  c.expect_true("initialize's result", error.message.find("ENGINE_EINVAL") != std::string::npos,
                "ENGINE_EINVAL", error.message);
  bool warned = false;
  for (const LogLine& line : c.core().logs().lines())
    warned = warned || line.level >= EXTENSION_LOG_WARNING;
  c.expect_true("the engine's log", warned, "a warning saying why", "no warning");
}

void threads_gone(ClauseContext& c) {
  const size_t before = thread_count();
  {
    LoadOptions options;
    options.config = c.setup().config;
    LoadError error{};
    LoadedEngine* engine = c.load(options, &error);
    c.require(c.expect_true("load", engine != nullptr, "the engine loads", error.message));
    EngineClient client(c.core(), engine->handle());
    Connection& conn = c.core().connect();
    for (int i = 0; i < 50; ++i) client.store(conn, OPERATION_SET, "k" + std::to_string(i), "v");
    client.get(conn, "k1");
    client.arithmetic(conn, "n", true, 1, true, 0);
    client.flush(conn, 60);  // a flush still pending at destroy
    c.core().disconnect(conn);
    engine->destroy();
  }
  // A joined thread may linger in /proc for a moment after join returns.
  size_t after = thread_count();
  for (int i = 0; i < 100 && after > before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    after = thread_count();
  }
  c.expect_eq("threads in the process after destroy (before load: " + std::to_string(before) + ")",
              after, before);
}

void reload(ClauseContext& c) {
  for (int round = 0; round < 2; ++round) {
    LoadOptions options;
    options.config = c.setup().config;
    LoadError error{};
    LoadedEngine* engine = c.load(options, &error);
    c.require(c.expect_true("load #" + std::to_string(round + 1), engine != nullptr,
                            "the engine loads", error.message));
    EngineClient client(c.core(), engine->handle());
    Connection& conn = c.core().connect();
    const std::string key = "round" + std::to_string(round);
    c.expect_ok("set " + key, client.store(conn, OPERATION_SET, key, "v"));
    OpResult r = client.get(conn, key);
    c.expect_ok("get " + key, r);
    c.core().disconnect(conn);
    engine->destroy();
  }
}

}  // namespace

std::vector<Clause> lifecycle_clauses() {
  return {
      {"lifecycle.create.bad_interface",
       "create_instance(0) answers ENGINE_ENOTSUP; create_instance(2) answers ENOTSUP or a handle "
       "of level 1 or 2.",
       "memcached always asks for interface 1, so it never relies on this; a newer core asking for "
       "2 must get a handle it can read "
       "(engine.h lets the engine answer with a lower level).",
       "dlopen the engine, call create_instance with interface 0 (ENOTSUP) and 2 (ENOTSUP, or a "
       "handle reporting 1 or 2).",
       {},
       bad_interface,
       Level::strict},
      {"lifecycle.get_info.before_initialize",
       "get_info works between create_instance and initialize.",
       "Tools may ask before initialize; memcached does not: it calls get_info only in "
       "log_engine_details, after init_engine (utilities/engine_loader.c@123184c0).",
       "create_instance without initialize, get_info returns a table with a description, destroy.",
       {},
       get_info_before_initialize,
       Level::strict},
      {"lifecycle.destroy.uninitialized",
       "destroy of an engine that was never initialised is safe.",
       "memcached calls destroy after a failed initialize (init_engine, utilities/"
       "engine_loader.c@123184c0), never without one: this is the nearest state a clause can "
       "make for any engine, so it is strict.",
       "create_instance, then destroy without initialize.",
       {},
       destroy_uninitialized,
       Level::strict},
      {"lifecycle.initialize.once",
       "One initialize(config) call makes the engine fully usable at once.",
       "The core calls initialize exactly once and serves traffic as soon as it returns.",
       "create_instance, initialize once, then immediately set, get and stats succeed (no clock "
       "advance).",
       {},
       initialize_once},
      {"lifecycle.initialize.unknown_key",
       "initialize fails with ENGINE_EINVAL on an unknown config key and logs a warning saying "
       "why.",
       "A typo in the engine config is better stopped at start-up; but parse_config only returns 1 "
       "for it and memcached's "
       "default engine carries on, which the core accepts.",
       "initialize with the config plus enginesim_no_such_key=1: EINVAL and a log line at WARNING "
       "or above.",
       {},
       [](ClauseContext& c) { bad_config(c, "enginesim_no_such_key=1"); },
       Level::strict},
      {"lifecycle.initialize.bad_value",
       "initialize fails with ENGINE_EINVAL on a malformed value and logs a warning.",
       "A limit that does not parse must not become 0 or a default; but memcached 2010's default "
       "engine ignores "
       "parse_config's -1 and starts, which the core accepts.",
       "initialize with the config plus item_size_max=notanumber: EINVAL and a warning.",
       {},
       [](ClauseContext& c) { bad_config(c, "item_size_max=notanumber"); },
       Level::strict},
      {"lifecycle.destroy.threads_gone",
       "When destroy returns, every thread the engine started has been joined.",
       "A thread outliving destroy runs in unmapped code after dlclose or touches a dead core.",
       "count /proc/self/task, load, run 50 sets, a get, an incr and a pending flush(60), destroy: "
       "the count "
       "is back to what it was (within 0.5 s for the kernel to reap joined threads).",
       {},
       threads_gone},
      {"lifecycle.reload",
       "After destroy, a new instance of the same engine can be created and used in the same "
       "process.",
       "memcached loads its engine once and destroys it at exit; engine_testapp and enginesim's "
       "--faults crash make a new instance in the same process, where global state left by the "
       "first breaks the second.",
       "load, set, get, destroy, twice in one process.",
       {},
       reload,
       Level::strict},
  };
}

}  // namespace enginesim::conformance
