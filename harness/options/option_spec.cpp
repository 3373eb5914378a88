// option_spec.cpp - option parsing and help lines generated from OptionSpec.
#include "harness/options/option_spec.h"

#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "enginesim/check.h"

namespace enginesim::cli {

const std::string& Args::str(const std::string& name) const {
  auto it = values_.find(name);
  ES_CHECK_MSG(it != values_.end(), "option read that was not declared with a default");
  return it->second;
}

int64_t Args::integer(const std::string& name) const {
  return std::strtoll(str(name).c_str(), nullptr, 10);
}

namespace {

const OptionSpec* find_option(const std::vector<OptionSpec>& options, const std::string& name) {
  for (const OptionSpec& o : options) {
    if (name == o.name) return &o;
  }
  return nullptr;
}

bool check_integer(const OptionSpec& o, const std::string& value, std::string* error) {
  if (!o.min && !o.max) return true;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno != 0) {
    *error = std::string("--") + o.name + " takes a whole number, got '" + value + "'";
    return false;
  }
  if ((o.min && v < *o.min) || (o.max && v > *o.max)) {
    std::ostringstream s;
    s << "--" << o.name << " must be between " << (o.min ? *o.min : INT64_MIN) << " and "
      << (o.max ? *o.max : INT64_MAX) << ", got " << v;
    *error = s.str();
    return false;
  }
  return true;
}

}  // namespace

std::optional<Args> parse_options(const char* command, const std::vector<OptionSpec>& options,
                                  int argc, char** argv, std::string* error) {
  Args args;
  for (const OptionSpec& o : options) {
    if (o.default_value != nullptr) args.values_[o.name] = o.default_value;
  }
  for (int i = 0; i < argc; ++i) {
    std::string word = argv[i];
    if (word.size() == 2 && word[0] == '-' && word[1] != '-') {
      for (const OptionSpec& o : options) {
        if (o.short_name == word[1]) word = std::string("--") + o.name;
      }
    }
    if (word.rfind("--", 0) != 0 || word == "--") {
      args.positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2), value;
    const size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const OptionSpec* o = find_option(options, name);
    if (o == nullptr) {
      *error = "unknown option --" + name + " for '" + command + "'; see 'enginesim " + command +
               " --help'";
      return std::nullopt;
    }
    if (o->value_name == nullptr) {
      if (inline_value) {
        *error = "--" + name + " takes no value";
        return std::nullopt;
      }
      args.values_[name] = "1";
      args.given_.insert(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argc) {
        *error = "--" + name + " needs a value (" + o->value_name + ")";
        return std::nullopt;
      }
      value = argv[++i];
    }
    if (!check_integer(*o, value, error)) return std::nullopt;
    args.values_[name] = value;
    args.given_.insert(name);
  }
  for (const OptionSpec& o : options) {
    if (o.required && !args.has(o.name)) {
      *error = std::string("'") + command + "' needs --" + o.name + " " +
               (o.value_name ? o.value_name : "");
      return std::nullopt;
    }
  }
  return args;
}

std::string option_help(const std::vector<OptionSpec>& options) {
  std::ostringstream s;
  for (const OptionSpec& o : options) {
    std::string left =
        (o.short_name ? std::string("  -") + o.short_name + ", --" : std::string("  --")) + o.name +
        (o.value_name ? std::string(" ") + o.value_name : "");
    s << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << o.help;
    if (o.default_value && o.value_name) s << " (default: " << o.default_value << ")";
    if (o.min || o.max)
      s << " [" << (o.min ? std::to_string(*o.min) : "") << ".."
        << (o.max ? std::to_string(*o.max) : "") << "]";
    s << "\n";
  }
  return s.str();
}

std::vector<OptionSpec> with(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace enginesim::cli
