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

std::string known_names() {
  std::string out;
  for (Profile p : kAll) out += std::string(out.empty() ? "" : ", ") + name(p);
  return out;
}

}  // namespace enginesim::abi
