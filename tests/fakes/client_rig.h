// client_rig.h - a fake core, the scripted recording engine created through
// the core's server API, an EngineClient over it and one connection.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "scripted_engine.h"

namespace enginesim {

inline CoreOptions rig_options(uint32_t notify_timeout_ms) {
  CoreOptions options;
  options.notify_timeout_ms = notify_timeout_ms;
  return options;
}

struct ClientRig {
  // The default limit on waiting for a notify is generous: only the tests
  // of a lost notify shorten it (so a slow machine cannot fake a loss).
  explicit ClientRig(uint32_t notify_timeout_ms = 5000)
      : core(rig_options(notify_timeout_ms)),
        engine(Core::get_server_api_function()),
        client(core, engine.handle()),
        conn(core.connect()) {
    core.set_engine(engine.handle());
  }

  // Every item the engine handed out (allocate, get) came back exactly once
  // per hand-out, and nothing else was released.
  ::testing::AssertionResult all_released_once() const {
    for (const ScriptedItem& item : engine.items()) {
      if (item.releases != item.handed_out) {
        return ::testing::AssertionFailure()
               << "item \"" << item.key << "\" handed out " << item.handed_out
               << " times, released " << item.releases << " times";
      }
    }
    if (engine.unknown_releases() != 0) {
      return ::testing::AssertionFailure()
             << engine.unknown_releases() << " release(s) of pointers the engine never handed out";
    }
    return ::testing::AssertionSuccess();
  }

  Core core;              // first: outlives the engine's notifier threads
  ScriptedEngine engine;  // joins its notifier threads when destroyed
  EngineClient client;
  Connection& conn;
};

}  // namespace enginesim
