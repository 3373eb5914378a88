// command.cpp - a subcommand's parsing and --help (from harness/options/option_spec.h),
// and report files.
#include "harness/cli/command.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "enginesim/check.h"

namespace enginesim::cli {

std::optional<Args> parse_args(const Command& command, int argc, char** argv, std::string* error) {
  return parse_options(command.name, command.options, argc, argv, error);
}

std::string usage(const Command& command) {
  std::ostringstream s;
  s << "usage: enginesim " << command.name;
  for (const OptionSpec& o : command.options) {
    s << (o.required ? " --" : " [--") << o.name;
    if (o.value_name) s << " " << o.value_name;
    if (!o.required) s << "]";
  }
  if (command.positional_usage && *command.positional_usage) s << " " << command.positional_usage;
  s << "\n\n" << command.summary << "\n\noptions:\n";
  s << option_help(command.options);
  return s.str();
}

bool write_output_file(const char* command, const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::fprintf(stderr, "enginesim %s: cannot write %s\n", command, path.c_str());
  return static_cast<bool>(out);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace enginesim::cli
