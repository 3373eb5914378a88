// drive_parse_config.cpp - parse_config (fakes/parse_config.cpp) on fuzz
// text, with a table that declares every datatype, DT_CONFIGFILE included.
//
// Input: byte 0 = flags (bit 0: pass an error FILE), then the config string
// up to the first NUL, then the content of the config file. "@F" anywhere is
// replaced by that file's path, so inputs can include the file, and the file
// can include itself (the nesting limit).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fuzz/finding.h"
#include "fuzz/input_drivers.h"
#include "memcached/config_parser.h"

namespace enginesim::fuzz {
namespace {

// One temp file per process (libFuzzer's -fork/-jobs workers are processes).
const std::string& config_file_path() {
  static const std::string path = [] {
    std::string p = "/tmp/enginesim-fuzz-config-" + std::to_string(getpid());
    std::atexit([] { std::remove(config_file_path().c_str()); });
    return p;
  }();
  return path;
}

std::string substitute_path(std::string text) {
  const std::string& path = config_file_path();
  for (size_t at = text.find("@F"); at != std::string::npos;
       at = text.find("@F", at + path.size())) {
    text.replace(at, 2, path);
  }
  return text;
}

void write_file(const std::string& content) {
  FILE* f = std::fopen(config_file_path().c_str(), "wb");
  ES_FUZZ_REQUIRE(f != nullptr, "cannot write " + config_file_path());
  std::fwrite(content.data(), 1, content.size(), f);
  std::fclose(f);
}

struct Values {
  size_t item_size_max = 7, threads = 7;
  float factor = 1.25f;
  bool verbose = false;
  char* dir = nullptr;
  char* mode = nullptr;
  char* unused = nullptr;
};

void parse_and_check(const std::string& text, bool with_error_file) {
  Values v;
  config_item items[] = {
      {"item_size_max", DT_SIZE, {.dt_size = &v.item_size_max}, false},
      {"threads", DT_SIZE, {.dt_size = &v.threads}, false},
      {"factor", DT_FLOAT, {.dt_float = &v.factor}, false},
      {"verbose", DT_BOOL, {.dt_bool = &v.verbose}, false},
      {"dir", DT_STRING, {.dt_string = &v.dir}, false},
      {"mode", DT_STRING, {.dt_string = &v.mode}, false},
      {"config_file", DT_CONFIGFILE, {.dt_string = &v.unused}, false},
      {nullptr, DT_SIZE, {.dt_size = nullptr}, false},
  };
  char* messages = nullptr;
  size_t messages_len = 0;
  FILE* error = with_error_file ? open_memstream(&messages, &messages_len) : nullptr;
  const int rc = parse_config(text.c_str(), items, error);
  if (error != nullptr) std::fclose(error);
  ES_FUZZ_REQUIRE(rc == 0 || rc == 1 || rc == -1,
                  "parse_config returned " + std::to_string(rc) + ", not 0, 1 or -1");
  // A reported failure says why (when given somewhere to say it).
  ES_FUZZ_REQUIRE(rc == 0 || error == nullptr || messages_len > 0,
                  "parse_config returned " + std::to_string(rc) + " without a message");
  ES_FUZZ_REQUIRE(!items[4].found || v.dir != nullptr, "dir found but no string stored");
  ES_FUZZ_REQUIRE(!items[5].found || v.mode != nullptr, "mode found but no string stored");
  ES_FUZZ_REQUIRE(v.unused == nullptr, "parse_config wrote a DT_CONFIGFILE item's value");
  std::free(messages);
  std::free(v.dir);  // DT_STRING values belong to the caller
  std::free(v.mode);
}

}  // namespace

void drive_parse_config(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const bool with_error_file = (data[0] & 1) != 0;
  const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t nul = rest.find('\0');
  const std::string text = substitute_path(rest.substr(0, nul));
  write_file(nul == std::string::npos ? std::string() : substitute_path(rest.substr(nul + 1)));
  parse_and_check(text, with_error_file);
}

}  // namespace enginesim::fuzz
