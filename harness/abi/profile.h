// profile.h - the engine ABI profiles enginesim can drive (--abi): the
// release whose layout of the version-1 interface an engine was built for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fakes/core_conventions.h"

namespace enginesim::abi {

enum class Profile {
  tutorial_2010,  // the default: include/memcached as built without a macro
  v1_6_0_beta1,   // memcached 1.6.0-beta1 (MEMCACHED_ABI_1_6_0_BETA1)
  mysql,          // MySQL's daemon_memcached copy of it (MEMCACHED_ABI_MYSQL)
};

// The --abi spelling: "tutorial-2010", "1.6.0-beta1", "mysql".
const char* name(Profile profile);
std::optional<Profile> parse(std::string_view text);
// "tutorial-2010, 1.6.0-beta1, mysql": for error messages and --help.
std::string known_names();

// What that release's core does around engine calls (docs/core-fidelity.md
// cites each difference).
CoreConventions conventions(Profile profile);

}  // namespace enginesim::abi
