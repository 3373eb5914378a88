// engine_forwarder.h - the ENGINE_HANDLE the server API exposes as
// SERVER_HANDLE_V1::engine. It exists before create_instance is called (so an
// engine copying the server API sees no NULL pointer) and forwards every slot
// to the engine handle attached once create_instance returned.
#pragma once

#include "memcached/engine.h"

namespace enginesim {

// The forwarding handle (one per process, like the Core behind it).
ENGINE_HANDLE* engine_forwarder();
// Which handle the forwarder calls; null detaches (calls then fail with
// ENGINE_FAILED / do nothing).
void set_forwarder_target(ENGINE_HANDLE* target);

}  // namespace enginesim
