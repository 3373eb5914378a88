// option_spec.h - command-line options declared as data (name, value name,
// default, bounds, help), the parser and the help lines generated from them.
// Generic: the subcommands (harness/cli/) and the simulation's options table
// (harness/sim/sim_options.def) both build on it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace enginesim::cli {

struct OptionSpec {
  const char* name;           // without the leading "--"
  const char* value_name;     // nullptr: a flag without value
  const char* default_value;  // nullptr: no default (required if `required`)
  const char* help;
  bool required = false;
  // Integer options: inclusive bounds, checked by the parser.
  std::optional<int64_t> min = std::nullopt;
  std::optional<int64_t> max = std::nullopt;
  char short_name = 0;  // also accepted as -X (e.g. report's -o); 0: none
};

// Parsed options of one invocation; every declared option with a default
// is present.
class Args {
 public:
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  // On the command line (not only its default).
  bool given(const std::string& name) const { return given_.count(name) != 0; }
  const std::string& str(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  bool flag(const std::string& name) const { return has(name); }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend std::optional<Args> parse_options(const char*, const std::vector<OptionSpec>&, int, char**,
                                           std::string*);
  std::map<std::string, std::string> values_;
  std::set<std::string> given_;
  std::vector<std::string> positional_;
};

// Parses argv (after the subcommand name `command`) against `options`. On
// error returns nullopt and a message that names the problem and what to do.
std::optional<Args> parse_options(const char* command, const std::vector<OptionSpec>& options,
                                  int argc, char** argv, std::string* error);
// "  --name VALUE   help (default: D) [min..max]", one line per option.
std::string option_help(const std::vector<OptionSpec>& options);
// Concatenates option lists (shared ones first).
std::vector<OptionSpec> with(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b);

}  // namespace enginesim::cli
