// profile.cpp - names of the ABI profiles.
#include "harness/abi/profile.h"

namespace enginesim::abi {
namespace {
constexpr Profile kAll[] = {Profile::tutorial_2010, Profile::v1_6_0_beta1, Profile::mysql};
}  // namespace

const char* name(Profile profile) {
  switch (profile) {
    case Profile::tutorial_2010: return "tutorial-2010";
    case Profile::v1_6_0_beta1: return "1.6.0-beta1";
    case Profile::mysql: return "mysql";
  }
  return "?";
}

std::optional<Profile> parse(std::string_view text) {
  for (Profile p : kAll) {
    if (text == name(p)) return p;
  }
  return std::nullopt;
}

CoreConventions conventions(Profile profile) {
  CoreConventions c;  // tutorial-2010: memcached 82fb476's core
  if (profile == Profile::v1_6_0_beta1 || profile == Profile::mysql) {
    // The engine-branch core (daemon/memcached.c): allocate(vlen) without the
    // CRLF, which it writes to the socket itself; the raw exptime, for the
    // engine's realtime().
    c.value_crlf = false;
    c.exptime_converted_by_core = false;
    c.verbosity_by_core = true;
    c.silent_unknown_command = true;
  }
  return c;
}

std::string known_names() {
  std::string out;
  for (Profile p : kAll) out += std::string(out.empty() ? "" : ", ") + name(p);
  return out;
}

}  // namespace enginesim::abi
