// temp_dir.h - a mkdtemp'd directory, removed with everything in it: each
// rapidcheck case gets its own, so no case sees another's files.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace enginesim::properties {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/enginesim-property-XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (made == nullptr) throw std::runtime_error("mkdtemp failed: is /tmp writable?");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace enginesim::properties
