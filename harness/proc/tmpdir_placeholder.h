// tmpdir_placeholder.h - the one spelling, `{tmpdir}`, of "a fresh empty
// directory for this run (or clause)" in an engine's config string, its old
// conformance spelling `@TMPDIR@`, and the warnings a config deserves before
// anything runs.
#pragma once

#include <string>
#include <vector>

namespace enginesim {

inline constexpr const char* kTmpdirPlaceholder = "{tmpdir}";
// What `conformance` took before {tmpdir}; still accepted, with a warning.
inline constexpr const char* kOldTmpdirPlaceholder = "@TMPDIR@";

// Every {tmpdir} (and every @TMPDIR@) in `config` becomes `dir`.
std::string substitute_tmpdir(std::string config, const std::string& dir);

// What to say on stderr about `config` before any run: the old spelling,
// and each `key=value` (split on ';', ',' and whitespace) whose value is an
// existing directory, which every run and clause would share.
std::vector<std::string> config_warnings(const std::string& config);

// `config` with @TMPDIR@ spelled {tmpdir}, after printing each of
// config_warnings as "enginesim <command>: warning: ..." on stderr
// ("enginesim: warning: ..." for an empty `command`).
std::string checked_config(const std::string& config, const std::string& command);

}  // namespace enginesim
