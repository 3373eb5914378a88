// signal_name.cpp - glibc's abbreviations with the SIG prefix.
#include "harness/proc/signal_name.h"

#include <string.h>

namespace enginesim {

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

}  // namespace enginesim
