// disconnect_hook.cpp - the ON_DISCONNECT callback and its process-lifetime
// registry of hooks.
#include "disconnect_hook.h"

#include <memory>
#include <vector>

#include "engine.h"
#include "lock_holders.h"

namespace ep {
namespace {

// Every hook ever attached, kept for the life of the process; reachable, so
// not a leak to LeakSanitizer. One per engine instance (a few dozen bytes).
DisconnectHook* keep(std::unique_ptr<DisconnectHook> hook) {
  static std::mutex lock;
  static auto* hooks = new std::vector<std::unique_ptr<DisconnectHook>>;
  LockHolder guard(lock);
  hooks->push_back(std::move(hook));
  return hooks->back().get();
}

}  // namespace

DisconnectHook* DisconnectHook::attach(const SERVER_HANDLE_V1& sapi, ENGINE_HANDLE* handle,
                                       EpEngine* engine) {
  DisconnectHook* hook = keep(std::make_unique<DisconnectHook>());
  hook->engine_ = engine;  // not yet visible to the core
  sapi.callback->register_callback(handle, ON_DISCONNECT, on_disconnect, hook);
  return hook;
}

void DisconnectHook::detach() {
  LockHolder lock(mutex_);
  engine_ = nullptr;
}

void DisconnectHook::on_disconnect(const void* cookie, ENGINE_EVENT_TYPE type, const void*,
                                   const void* cb_data) {
  if (type != ON_DISCONNECT || cb_data == nullptr) return;
  // The core hands back the pointer it was given; it is ours, not const.
  const_cast<DisconnectHook*>(static_cast<const DisconnectHook*>(cb_data))->forward(cookie);
}

void DisconnectHook::forward(const void* cookie) {
  LockHolder lock(mutex_);
  if (engine_ != nullptr) engine_->forget_cookie(cookie);
}

}  // namespace ep
