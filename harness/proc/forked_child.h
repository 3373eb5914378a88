// forked_child.h - whether this process is a child forked to run one piece
// of work (run_isolated): such a process ends soon, so what it loaded stays
// mapped until then (see LoadedEngine's end in harness/loader.cpp).
#pragma once

namespace enginesim {

// Called in the child right after the fork.
void mark_forked_child();
bool is_forked_child();

}  // namespace enginesim
