// signal_name.h - "SIGSEGV" for 11: how every report names the signal that
// ended a forked child.
#pragma once

#include <string>

namespace enginesim {

// "SIGSEGV" for 11, "signal 42" for a number without a name.
std::string signal_name(int signal);

}  // namespace enginesim
