// loader.h - loads an engine shared object and brings it to life through a
// Core: dlopen, create_instance, slot checks, initialize; destroy and dlclose
// on teardown. Every failure is one message naming the file and the defect.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fakes/core.h"
#include "harness/abi/adapter.h"
#include "memcached/engine.h"

namespace enginesim {

// Why loading failed; `message` names the engine file and the defect and
// says what to do.
struct LoadError {
  enum class Kind {
    file_missing,
    not_shared_object,
    dlopen_failed,  // e.g. an undefined symbol; the dlerror text is kept
    no_create_instance,
    create_failed,  // create_instance returned an error code
    null_handle,
    wrong_interface,
    null_slot,
    initialize_failed
  };
  Kind kind;
  std::string message;
};
const char* to_string(LoadError::Kind kind);

// The ENGINE_HANDLE_V1 slots the core cannot work without.
const std::vector<std::string>& required_slots();

// An engine created and initialised. destroy() (or the destructor) calls the
// engine's destroy once and dlclose()s the module.
class LoadedEngine {
 public:
  ~LoadedEngine();
  LoadedEngine(const LoadedEngine&) = delete;
  LoadedEngine& operator=(const LoadedEngine&) = delete;

  ENGINE_HANDLE* handle() const { return handle_; }
  ENGINE_HANDLE_V1* v1() const { return reinterpret_cast<ENGINE_HANDLE_V1*>(handle_); }
  const std::string& path() const { return path_; }
  const engine_info* info() const;
  bool has_feature(engine_feature_t feature) const;
  bool destroyed() const { return handle_ == nullptr; }
  // Calls destroy; the module stays mapped until the object dies, so that
  // a late call from an engine thread does not jump into unmapped code.
  void destroy();

 private:
  friend struct Loader;
  LoadedEngine() = default;
  void* dl_ = nullptr;
  ENGINE_HANDLE* handle_ = nullptr;
  std::string path_;
  // The handles the engine may register callbacks under: create_instance's
  // and, for another ABI profile, the adapter's canonical one.
  std::vector<ENGINE_HANDLE*> engine_handles_;
  // Another profile's engine behind a canonical handle; lives until dlclose.
  std::unique_ptr<abi::EngineAdapter> adapter_;
};

struct LoadOptions {
  std::string config;      // passed to initialize
  bool initialize = true;  // false: stop after create_instance and checks
  // Called once create_instance returned a checked handle; what it returns
  // is the handle used from then on for initialize, every operation and
  // destroy (the contract monitor's proxy). Unset: the engine's own handle.
  std::function<ENGINE_HANDLE*(ENGINE_HANDLE*)> wrap;
  // The layout the engine was built for (--abi); other than the default,
  // an abi::EngineAdapter sits between the core and the engine.
  abi::Profile abi = abi::Profile::tutorial_2010;
};

// Loads `path` into `core`. On failure returns null and fills `error`.
std::unique_ptr<LoadedEngine> load_engine(const std::string& path, Core& core,
                                          const LoadOptions& options, LoadError* error);

}  // namespace enginesim
