// text_file.h - a whole file read into a string or written from one: how
// schedule files, fault profiles, workloads and histories reach the disk.
// The caller names the file in its own error message.
#pragma once

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace enginesim {

// The file's bytes, or nullopt when it cannot be opened.
inline std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Replaces the file with `text`; false when it cannot be written.
inline bool write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();  // a write error may only show when the file is closed
  return !out.fail();
}

}  // namespace enginesim
