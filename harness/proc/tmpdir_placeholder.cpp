// tmpdir_placeholder.cpp - substituting {tmpdir}; warning about @TMPDIR@ and
// about configs that point every run at one existing directory.
#include "harness/proc/tmpdir_placeholder.h"

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace enginesim {
namespace {

std::string replace_all(std::string text, std::string_view key, const std::string& with) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + with.size())) {
    text.replace(at, key.size(), with);
  }
  return text;
}

bool is_separator(char c) { return c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\n'; }

}  // namespace

std::string substitute_tmpdir(std::string config, const std::string& dir) {
  return replace_all(replace_all(std::move(config), kTmpdirPlaceholder, dir), kOldTmpdirPlaceholder,
                     dir);
}

std::vector<std::string> config_warnings(const std::string& config) {
  std::vector<std::string> out;
  if (config.find(kOldTmpdirPlaceholder) != std::string::npos) {
    out.push_back(std::string(kOldTmpdirPlaceholder) + " is the old spelling of " +
                  kTmpdirPlaceholder + ": write " + kTmpdirPlaceholder +
                  " (it means the same, in every command)");
  }
  size_t start = 0;
  while (start < config.size()) {
    size_t end = start;
    while (end < config.size() && !is_separator(config[end])) ++end;
    const std::string item = config.substr(start, end - start);
    const size_t eq = item.find('=');
    if (eq != std::string::npos && eq + 1 < item.size()) {
      const std::string value = item.substr(eq + 1);
      std::error_code ec;
      // A placeholder is fresh per run; only a literal path is shared.
      if (value.find(kTmpdirPlaceholder) == std::string::npos &&
          value.find(kOldTmpdirPlaceholder) == std::string::npos &&
          std::filesystem::is_directory(value, ec)) {
        out.push_back("the config names the existing directory " + value +
                      ": runs and clauses will see each other's files; use " + kTmpdirPlaceholder +
                      " for a fresh one per run (" + item.substr(0, eq) + "=" + kTmpdirPlaceholder +
                      ")");
      }
    }
    start = end + 1;
  }
  return out;
}

std::string checked_config(const std::string& config, const std::string& command) {
  for (const std::string& w : config_warnings(config)) {
    std::fprintf(stderr, "enginesim%s%s: warning: %s\n", command.empty() ? "" : " ",
                 command.c_str(), w.c_str());
  }
  return replace_all(config, kOldTmpdirPlaceholder, kTmpdirPlaceholder);
}

}  // namespace enginesim
