// command.h - how an `enginesim` subcommand declares itself: name, summary,
// options (OptionSpec, harness/options/option_spec.h) and the function that
// runs it. Parsing, --help and errors are generated from the declaration.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/options/exit_codes.h"
#include "harness/options/option_spec.h"

namespace enginesim::cli {

struct Command {
  const char* name;
  const char* summary;
  const char* positional_usage;  // e.g. "FILE", or "" for none
  std::vector<OptionSpec> options;
  int (*run)(const Args& args);
};

// Parses argv (after the subcommand name). On error returns nullopt and a
// message that names the problem and what to do.
std::optional<Args> parse_args(const Command& command, int argc, char** argv, std::string* error);
std::string usage(const Command& command);

// Writes a report file (--junit, --json ...); false after telling stderr
// "enginesim <command>: cannot write <path>".
bool write_output_file(const char* command, const std::string& path, const std::string& text);

// The first line of a report or message (all of it when it has one line).
std::string first_line(const std::string& text);

// The table of all subcommands (commands.cpp).
const std::vector<Command>& all_commands();

}  // namespace enginesim::cli
