// config.cpp - parses the config string with the core's parse_config and
// checks every value against its bound.
#include "config.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "decimal.h"

namespace mem {

namespace {

// Runs the core's parser with its error stream captured in memory so that
// the parser's own message can go into our log line.
int run_parser(const SERVER_HANDLE_V1& sapi, const char* config_str,
               config_item* items, std::string* parser_message) {
  char* buffer = nullptr;
  size_t length = 0;
  FILE* errors = open_memstream(&buffer, &length);
  const int rc = sapi.core->parse_config(config_str, items, errors != nullptr ? errors : stderr);
  if (errors != nullptr) {
    std::fclose(errors);
    if (buffer != nullptr) parser_message->assign(buffer, length);
    std::free(buffer);
  }
  while (!parser_message->empty() && parser_message->back() == '\n') parser_message->pop_back();
  return rc;
}

// A function rather than an inline comparison: `value < 0` on a size_t
// would draw -Wtype-limits for the keys whose minimum is 0.
bool in_bounds(size_t value, size_t min, size_t max) {
  return value >= min && value <= max;
}

// std::to_string would export libstdc++'s digit table (see decimal.h).
std::string decimal_string(size_t value) {
  char digits[kDecimalMax];
  return std::string(digits, format_decimal(value, digits));
}

}  // namespace

bool parse_config(const SERVER_HANDLE_V1& sapi, const char* config_str,
                  Config* config, std::string* why) {
  *config = Config{};
  if (config_str == nullptr || *config_str == '\0') return true;

  std::vector<config_item> items;
#define MEM_CONFIG_ITEM(name, def, min, max, help) \
  items.push_back(config_item{#name, DT_SIZE, {.dt_size = &config->name}, false});
  MEM_CONFIG_KEYS(MEM_CONFIG_ITEM)
#undef MEM_CONFIG_ITEM
  items.push_back(config_item{nullptr, DT_SIZE, {.dt_size = nullptr}, false});

  std::string parser_message;
  const int rc = run_parser(sapi, config_str, items.data(), &parser_message);
  if (rc != 0) {
    *why = std::string(rc == 1 ? "unknown key" : "invalid value") + " in config \"" +
           config_str + "\"" + (parser_message.empty() ? "" : ": " + parser_message) +
           "; known keys: cache_size, item_size_max, scrub_interval";
    return false;
  }
#define MEM_CONFIG_BOUND(name, def, min, max, help)                               \
  if (!in_bounds(config->name, min, max)) {                                        \
    *why = "config " #name "=" + decimal_string(config->name) + " is outside [" + \
           decimal_string(static_cast<size_t>(min)) + ", " +                      \
           decimal_string(static_cast<size_t>(max)) + "] (" #name ": " help ")";  \
    return false;                                                                  \
  }
  MEM_CONFIG_KEYS(MEM_CONFIG_BOUND)
#undef MEM_CONFIG_BOUND
  return true;
}

}  // namespace mem
