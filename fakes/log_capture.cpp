// log_capture.cpp - the per-run store of engine log lines.
#include "log_capture.h"

#include <cstdio>

namespace enginesim {

const char* to_string(EXTENSION_LOG_LEVEL level) {
  switch (level) {
    case EXTENSION_LOG_DETAIL: return "detail";
    case EXTENSION_LOG_DEBUG: return "debug";
    case EXTENSION_LOG_INFO: return "info";
    case EXTENSION_LOG_WARNING: return "warning";
  }
  return "?";
}

void LogCapture::add(EXTENSION_LOG_LEVEL level, uint64_t conn_id, std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) { text.pop_back(); }
  std::lock_guard<std::mutex> lock(mutex_);
  if (echo_) { std::fprintf(stderr, "[engine %s] %s\n", to_string(level), text.c_str()); }
  lines_.push_back(LogLine{level, conn_id, std::move(text)});
}

std::vector<LogLine> LogCapture::lines() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lines_;
}

void LogCapture::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  lines_.clear();
}

}  // namespace enginesim
