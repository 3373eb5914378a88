// exit_codes.h - the exit codes every `enginesim` subcommand (and the
// simulation session that runs in its children) shares.
#pragma once

namespace enginesim::cli {

inline constexpr int kExitOk = 0;       // nothing failed
inline constexpr int kExitFailure = 1;  // the engine failed something
inline constexpr int kExitUsage = 2;    // bad usage, bad input, engine would not load

}  // namespace enginesim::cli
