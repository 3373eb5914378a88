// value_sources.h - the operations whose values make up a value a get read:
// a stored value with appended and prepended pieces around it. A witness
// keeps them, so that it never shows a value made from nothing (the CAS of
// a read names only the last of them).
#pragma once

#include <cstddef>
#include <vector>

#include "harness/model/history.h"

namespace enginesim::model {

// Among `entries` (indexes into h), operations on `reader`'s key that may
// have taken effect and whose values compose the value `reader` (a
// successful get) returned: one base (set, add, replace, cas), then the
// prepended pieces before it and the appended ones after it, each used once.
// The first composition found, base first; empty when `reader` is no
// successful get or none is found within a bounded search.
std::vector<size_t> value_sources(const History& h, const std::vector<size_t>& entries,
                                  size_t reader);

}  // namespace enginesim::model
