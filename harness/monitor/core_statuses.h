// core_statuses.h - what memcached's binary command handlers do with the
// status an engine call returns, or a notify_io_complete hands back for the
// re-entry (`c->aiostat`), where that is not what the engine can have meant.
//
// Read from memcached.c@82fb476 and daemon/memcached.c@1b4ba6b (the same in
// both): process_bin_get and complete_incr_bin end their `switch (ret)` in
// `default: abort();`, and process_bin_flush has no EWOULDBLOCK case and
// never reads `c->aiostat`. Every other handler answers an unknown status
// with an error packet (store by its operation, remove and stats EINVAL,
// allocate E2BIG or ENOMEM) or closes the connection (unknown_command), and
// those are the engine's to choose (docs/contract.md, `status.unhandled`).
#pragma once

#include <string_view>

#include "memcached/types.h"

namespace enginesim::core_statuses {

// Why memcached cannot take `status` from the engine call `function` (a
// monitor call name: "get", "arithmetic", "flush"...), or null when it can.
// `from_notify`: the status came through notify_io_complete for a block of
// `function`, so the handler's re-entry meets it as `c->aiostat`.
const char* unhandled(std::string_view function, ENGINE_ERROR_CODE status, bool from_notify);

}  // namespace enginesim::core_statuses
