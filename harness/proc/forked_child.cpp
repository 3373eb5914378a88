#include "harness/proc/forked_child.h"

#include <atomic>

namespace enginesim {
namespace {
std::atomic<bool> g_forked_child{false};
}  // namespace

void mark_forked_child() { g_forked_child = true; }
bool is_forked_child() { return g_forked_child; }

}  // namespace enginesim
