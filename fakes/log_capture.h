// log_capture.h - the logger extension: every line an engine logs, kept per
// run with its level.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "memcached/extension.h"

namespace enginesim {

struct LogLine {
  EXTENSION_LOG_LEVEL level;
  uint64_t conn_id;  // 0 when the engine passed no (or an unknown) cookie
  std::string text;
};
const char* to_string(EXTENSION_LOG_LEVEL level);

class LogCapture {
 public:
  void add(EXTENSION_LOG_LEVEL level, uint64_t conn_id, std::string text);
  std::vector<LogLine> lines() const;
  void clear();
  // When set, lines at or above `level` are also written to stderr as they come.
  void set_echo(bool echo) { echo_ = echo; }

 private:
  mutable std::mutex mutex_;
  std::vector<LogLine> lines_;
  bool echo_ = false;
};

}  // namespace enginesim
