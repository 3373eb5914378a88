// drive_parse_args.cpp - the CLI option parser (harness/options/option_spec.cpp) on
// fuzz words, with a synthetic command that declares every kind of option.
//
// Input: argv words separated by NUL bytes (at most 32 words).
#include <optional>
#include <string>
#include <vector>

#include "fuzz/finding.h"
#include "fuzz/input_drivers.h"
#include "harness/cli/command.h"

namespace enginesim::fuzz {
namespace {

using cli::OptionSpec;

const cli::Command& synthetic_command() {
  static const cli::Command command{
      "fuzzcmd",
      "a command that exists only for the fuzzer",
      "FILE...",
      {
          OptionSpec{"engine", "PATH", nullptr, "required string", true},
          OptionSpec{"config", "STR", "", "string with a default"},
          OptionSpec{"seed", "N", "1", "bounded integer", false, 0, 1000000000},
          OptionSpec{"threads", "N", "2", "small bounded integer", false, 1, 64},
          OptionSpec{"offset", "N", nullptr, "integer with a lower bound only", false, -5,
                     std::nullopt},
          OptionSpec{"verbose", nullptr, nullptr, "flag"},
      },
      nullptr};
  return command;
}

std::vector<std::string> split_words(const uint8_t* data, size_t size) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < size && words.size() < 32; ++i) {
    if (data[i] == '\0') {
      words.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(data[i]);
    }
  }
  if (!word.empty() && words.size() < 32) words.push_back(word);
  return words;
}

// What parse_args promises about a successful parse.
void check_args(const cli::Command& command, const cli::Args& args) {
  for (const OptionSpec& o : command.options) {
    if (o.required)
      ES_FUZZ_REQUIRE(args.has(o.name), std::string("required --") + o.name + " missing");
    if (o.default_value != nullptr)
      ES_FUZZ_REQUIRE(args.has(o.name), std::string("default of --") + o.name + " missing");
    if (!args.has(o.name)) continue;
    if (o.value_name == nullptr) {
      ES_FUZZ_REQUIRE(args.str(o.name) == "1", std::string("flag --") + o.name + " has a value");
      continue;
    }
    if (!o.min && !o.max) continue;
    const int64_t v = args.integer(o.name);
    ES_FUZZ_REQUIRE(!o.min || v >= *o.min, std::string("--") + o.name + " below its minimum");
    ES_FUZZ_REQUIRE(!o.max || v <= *o.max, std::string("--") + o.name + " above its maximum");
  }
}

}  // namespace

void drive_parse_args(const uint8_t* data, size_t size) {
  std::vector<std::string> words = split_words(data, size);
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  const cli::Command& command = synthetic_command();
  std::string error;
  std::optional<cli::Args> args =
      cli::parse_args(command, static_cast<int>(words.size()), argv.data(), &error);
  if (args) {
    check_args(command, *args);
  } else {
    ES_FUZZ_REQUIRE(!error.empty(), "parse_args failed without an error message");
  }
  ES_FUZZ_REQUIRE(!cli::usage(command).empty(), "usage() is empty");
}

}  // namespace enginesim::fuzz
