// results_short.h - the short name the model's tests write a bare status
// with: st(ENGINE_KEY_ENOENT) is results::status(ENGINE_KEY_ENOENT).
#pragma once

#include "harness/model/operation.h"

namespace enginesim::model {

inline Result st(ENGINE_ERROR_CODE status) { return results::status(status); }

}  // namespace enginesim::model
