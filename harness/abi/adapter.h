// adapter.h - drives an engine built for another ABI profile through the
// canonical (tutorial-2010) layout the fake core, the monitor and every
// command use: the engine gets the profile's SERVER_HANDLE_V1 (built from the
// core's current one), and the core gets a canonical ENGINE_HANDLE_V1 whose
// slots call the engine's. For `mysql` it also calls the engine's
// clean_engine when a connection whose engine-specific slot is set closes
// (an ON_DISCONNECT callback registered when the engine is adapted).
//
// Use (the loader does this for LoadOptions::abi):
//   auto a = EngineAdapter::make(Profile::v1_6_0_beta1, Core::get_server_api_function());
//   create_instance(1, a->server_api_function(), &engine_handle);
//   ENGINE_HANDLE* canonical = a->adapt(engine_handle);
//
// GET_SERVER_API carries no context: the profile's server handle is
// process-wide, like the Core; make() refreshes it from the core's tables.
#pragma once

#include <memory>

#include "harness/abi/profile.h"
#include "memcached/engine.h"

namespace enginesim::abi {

class EngineAdapter {
 public:
  // `canonical` is the core's GET_SERVER_API (monitor proxy included).
  // Not for Profile::tutorial_2010, which needs no adapter.
  static std::unique_ptr<EngineAdapter> make(Profile profile, GET_SERVER_API canonical);
  ~EngineAdapter();
  EngineAdapter(const EngineAdapter&) = delete;
  EngineAdapter& operator=(const EngineAdapter&) = delete;

  Profile profile() const { return profile_; }
  // What create_instance gets: returns the profile's server handle.
  GET_SERVER_API server_api_function() const;
  // The canonical handle for the engine's own `engine` (call once); its
  // destroy calls the engine's destroy the profile's way.
  ENGINE_HANDLE* adapt(ENGINE_HANDLE* engine);
  struct Table;  // the canonical handle and what it forwards to (adapter.cpp)

 private:
  explicit EngineAdapter(Profile profile);
  Profile profile_;
  std::unique_ptr<Table> table_;
};

}  // namespace enginesim::abi
