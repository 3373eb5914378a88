// command.h - how an `enginesim` subcommand declares itself: name, summary,
// options (each declared once: name, value name, default, bounds, help) and
// the function that runs it. Parsing, --help and errors are generated from
// the declaration.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace enginesim::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;        // nothing failed
inline constexpr int kExitFailure = 1;   // the engine failed something
inline constexpr int kExitUsage = 2;     // bad usage, bad input, engine would not load

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
  const std::string& str(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  bool flag(const std::string& name) const { return has(name); }
  // On the command line (not only its default).
  bool given(const std::string& name) const { return given_.count(name) != 0; }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend std::optional<Args> parse_args(const struct Command&, int, char**, std::string*);
  std::map<std::string, std::string> values_;
  std::set<std::string> given_;
  std::vector<std::string> positional_;
};

struct Command {
  const char* name;
  const char* summary;
  const char* positional_usage;  // e.g. "FILE", or "" for none
  std::vector<OptionSpec> options;
  int (*run)(const Args& args);
};

// Parses argv (after the subcommand name). On error returns nullopt and a
// message that names the problem and what to do.
std::optional<Args> parse_args(const Command& command, int argc, char** argv,
                               std::string* error);
std::string usage(const Command& command);

// Writes a report file (--junit, --json ...); false after telling stderr
// "enginesim <command>: cannot write <path>".
bool write_output_file(const char* command, const std::string& path, const std::string& text);

// The table of all subcommands (commands.cpp).
const std::vector<Command>& all_commands();

}  // namespace enginesim::cli
