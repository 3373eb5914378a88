// loader.cpp - dlopen an engine, create and check its handle, initialise it.
#include "harness/loader.h"
#include "harness/monitor/engine_heap.h"
#include "harness/proc/forked_child.h"
#include "harness/proc/stderr_window.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <string_view>

namespace enginesim {

const char* to_string(LoadError::Kind kind) {
  switch (kind) {
    case LoadError::Kind::file_missing: return "file_missing";
    case LoadError::Kind::not_shared_object: return "not_shared_object";
    case LoadError::Kind::dlopen_failed: return "dlopen_failed";
    case LoadError::Kind::no_create_instance: return "no_create_instance";
    case LoadError::Kind::create_failed: return "create_failed";
    case LoadError::Kind::null_handle: return "null_handle";
    case LoadError::Kind::wrong_interface: return "wrong_interface";
    case LoadError::Kind::null_slot: return "null_slot";
    case LoadError::Kind::initialize_failed: return "initialize_failed";
  }
  return "?";
}

namespace {

struct Slot {
  const char* name;
  size_t offset;
};

#define ES_SLOT(name) \
  Slot { #name, offsetof(ENGINE_HANDLE_V1, name) }
const Slot kRequiredSlots[] = {
    ES_SLOT(get_info),     ES_SLOT(initialize),    ES_SLOT(destroy),   ES_SLOT(allocate),
    ES_SLOT(remove),       ES_SLOT(release),       ES_SLOT(get),       ES_SLOT(store),
    ES_SLOT(arithmetic),   ES_SLOT(flush),         ES_SLOT(get_stats), ES_SLOT(reset_stats),
    ES_SLOT(item_set_cas), ES_SLOT(get_item_info),
};
#undef ES_SLOT

bool fail(LoadError* error, LoadError::Kind kind, std::string message) {
  if (error != nullptr) *error = LoadError{kind, std::move(message)};
  return false;
}

bool is_elf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::memcmp(magic,
                                         "\x7f"
                                         "ELF",
                                         4) == 0;
}

// What the engine said about a failure: its log lines through the server
// API and what it wrote to stderr meanwhile (many engines print a parse
// error there), so that "logged nothing" is never said of an engine that
// complained.
std::string engine_log_tail(Core& core, const std::string& stderr_text) {
  std::string out;
  for (const LogLine& line : core.logs().lines()) {
    out += "\n  engine log [" + std::string(to_string(line.level)) + "] " + line.text;
  }
  size_t start = 0;
  while (!stderr_text.empty() && start <= stderr_text.size()) {
    size_t end = stderr_text.find('\n', start);
    if (end == std::string::npos) end = stderr_text.size();
    out += "\n  engine stderr: " + stderr_text.substr(start, end - start);
    start = end + 1;
  }
  return out.empty() ? "\n  (the engine logged nothing and wrote nothing to stderr)" : out;
}

}  // namespace

const std::vector<std::string>& required_slots() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Slot& s : kRequiredSlots) v.push_back(s.name);
    return v;
  }();
  return names;
}

struct Loader {
  static std::unique_ptr<LoadedEngine> load(const std::string& path, Core& core,
                                            const LoadOptions& options, LoadError* error) {
    const std::string who = "engine " + path + ": ";
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      fail(error, LoadError::Kind::file_missing,
           who + "file not found (" + std::strerror(errno) +
               "); check the path, or build the engine first");
      return nullptr;
    }
    if (!S_ISREG(st.st_mode) || !is_elf(path)) {
      fail(error, LoadError::Kind::not_shared_object,
           who + "not a shared object (no ELF header); pass the engine's .so file");
      return nullptr;
    }
    // RTLD_LOCAL: engines never see each other's symbols. Never RTLD_DEEPBIND:
    // it would bypass the harness's thread and clock wrappers.
    void* dl = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (dl == nullptr) {
      const char* why = ::dlerror();
      std::string text = why ? why : "unknown dlopen error";
      const bool undefined = text.find("undefined symbol") != std::string::npos;
      fail(error, LoadError::Kind::dlopen_failed,
           who + "dlopen failed: " + text +
               (undefined ? "; link the engine against what it uses, or define the symbol"
                          : "; is it built for this machine and with its dependencies installed?"));
      return nullptr;
    }
    // From here on the module's allocations are counted (its static
    // initialisers' are not: dlclose frees them); after destroy, any still
    // alive is a lifecycle.memory_leak (harness/monitor/engine_heap.h).
    engine_heap::watch_module(dl);
    std::unique_ptr<LoadedEngine> engine(new LoadedEngine());
    engine->dl_ = dl;
    engine->path_ = path;
    ::dlerror();
    auto create = reinterpret_cast<CREATE_INSTANCE>(::dlsym(dl, "create_instance"));
    if (create == nullptr) {
      fail(error, LoadError::Kind::no_create_instance,
           who +
               "exports no create_instance; define it with MEMCACHED_PUBLIC_API "
               "and extern \"C\" linkage");
      return nullptr;
    }
    ENGINE_HANDLE* handle = nullptr;
    const CoreConventions conventions = abi::conventions(options.abi);
    core.set_conventions(conventions);
    GET_SERVER_API server_api = Core::get_server_api_function();
    if (options.abi != abi::Profile::tutorial_2010) {
      engine->adapter_ = abi::EngineAdapter::make(options.abi, server_api);
      server_api = engine->adapter_->server_api_function();
    }
    StderrWindow create_window;
    ENGINE_ERROR_CODE rc = create(ENGINE_INTERFACE_VERSION, server_api, &handle);
    const std::string create_stderr = create_window.close();
    if (rc != ENGINE_SUCCESS) {
      fail(error, LoadError::Kind::create_failed,
           who + "create_instance(interface=1) returned " + status_name(rc) +
               engine_log_tail(core, create_stderr));
      return nullptr;
    }
    if (handle == nullptr) {
      fail(error, LoadError::Kind::null_handle,
           who + "create_instance returned ENGINE_SUCCESS but no handle");
      return nullptr;
    }
    if (handle->interface != 1) {
      fail(error, LoadError::Kind::wrong_interface,
           who + "handle reports interface " + std::to_string(handle->interface) +
               ", this core speaks interface 1 (ENGINE_HANDLE_V1)");
      return nullptr;  // the handle is not V1: destroy cannot be called safely
    }
    // Another profile's slots sit elsewhere: check the canonical handle that
    // forwards to them (a slot is NULL there exactly when the engine's is).
    engine->engine_handles_.push_back(handle);
    if (engine->adapter_) {
      handle = engine->adapter_->adapt(handle);
      engine->engine_handles_.push_back(handle);
    }
    for (const Slot& slot : kRequiredSlots) {
      // That core does incr/decr itself for an engine without the slot.
      if (conventions.arithmetic_optional && std::string_view(slot.name) == "arithmetic") continue;
      void* fn = nullptr;
      std::memcpy(&fn, reinterpret_cast<char*>(handle) + slot.offset, sizeof fn);
      if (fn == nullptr) {
        fail(error, LoadError::Kind::null_slot,
             who + "ENGINE_HANDLE_V1." + slot.name + " is NULL; the core of profile " +
                 abi::name(options.abi) +
                 " needs every one of: get_info, initialize, destroy, allocate, remove, release, "
                 "get, store, " +
                 (conventions.arithmetic_optional ? "" : "arithmetic, ") +
                 "flush, get_stats, reset_stats, item_set_cas, get_item_info");
        auto* v1 = reinterpret_cast<ENGINE_HANDLE_V1*>(handle);
        if (v1->destroy != nullptr) v1->destroy(handle);
        return nullptr;
      }
    }
    core.set_engine(handle);
    engine->handle_ = options.wrap ? options.wrap(handle) : handle;
    if (!options.initialize) return engine;
    StderrWindow init_window;
    // No configuration is NULL, not "": memcached started without -e and
    // without the options it turns into one (-m, -M, -f, -n, -L, -I) calls
    // initialize with engine_config NULL (memcached.c@82fb476:6685-6691;
    // daemon/memcached.c@1b4ba6b:7121-7127).
    rc = engine->v1()->initialize(engine->handle_,
                                  options.config.empty() ? nullptr : options.config.c_str());
    if (rc != ENGINE_SUCCESS) {
      // The core calls destroy after a failed initialize, as memcached does.
      engine->destroy();
      const std::string init_stderr =
          create_stderr + (create_stderr.empty() ? "" : "\n") + init_window.close();
      fail(error, LoadError::Kind::initialize_failed,
           who + "initialize(\"" + options.config + "\") returned " + status_name(rc) +
               engine_log_tail(core, init_stderr));
      return nullptr;
    }
    return engine;
  }
};

std::unique_ptr<LoadedEngine> load_engine(const std::string& path, Core& core,
                                          const LoadOptions& options, LoadError* error) {
  return Loader::load(path, core, options, error);
}

const engine_info* LoadedEngine::info() const {
  return handle_ ? v1()->get_info(handle_) : nullptr;
}

bool LoadedEngine::has_feature(engine_feature_t feature) const {
  const engine_info* i = info();
  if (i == nullptr) return false;
  for (uint32_t k = 0; k < i->num_features; ++k) {
    if (i->features[k].feature == static_cast<uint32_t>(feature)) return true;
  }
  return false;
}

void LoadedEngine::destroy() {
  if (handle_ == nullptr) return;
  ENGINE_HANDLE* h = handle_;
  handle_ = nullptr;
  reinterpret_cast<ENGINE_HANDLE_V1*>(h)->destroy(h);
  // The v1 API cannot unregister a callback: the core forgets the ones the
  // engine registered (under its own handle), which memcached, never
  // destroying an engine, does not need to.
  if (Core* core = Core::active()) {
    for (ENGINE_HANDLE* registered_as : engine_handles_) core->forget_callbacks_of(registered_as);
  }
}

LoadedEngine::~LoadedEngine() {
  destroy();
  // A forked child ends soon after: a thread the engine left running (the
  // monitor reports it) must not run into unmapped code and turn a finding
  // into a crash.
  if (dl_ != nullptr && !is_forked_child()) ::dlclose(dl_);
}

}  // namespace enginesim
