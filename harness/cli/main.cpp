// main.cpp - `enginesim <command> [options]`.
#include <cstdio>
#include <cstring>
#include <string>

#include "harness/cli/command.h"

using namespace enginesim::cli;

namespace {
void print_commands(FILE* out) {
  std::fprintf(
      out, "usage: enginesim <command> [options]   (enginesim <command> --help)\n\ncommands:\n");
  for (const Command& c : all_commands()) std::fprintf(out, "  %-13s %s\n", c.name, c.summary);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "help")) {
    print_commands(argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitUsage : kExitOk;
  }
  for (const Command& c : all_commands()) {
    if (c.name != std::string(argv[1])) continue;
    for (int i = 2; i < argc; ++i) {
      if (!std::strcmp(argv[i], "--help")) {
        std::fputs(usage(c).c_str(), stdout);
        return kExitOk;
      }
    }
    std::string error;
    auto args = parse_args(c, argc - 2, argv + 2, &error);
    if (!args) {
      std::fprintf(stderr, "enginesim %s: %s\n", c.name, error.c_str());
      return kExitUsage;
    }
    return c.run(*args);
  }
  std::fprintf(stderr, "enginesim: unknown command '%s'\n\n", argv[1]);
  print_commands(stderr);
  return kExitUsage;
}
