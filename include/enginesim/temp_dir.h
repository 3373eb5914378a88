// temp_dir.h - a fresh, empty directory that is removed, with everything in
// it, when the object dies: one per clause, rapidcheck case or test run, so
// no run sees another's files. Made under $TMPDIR (or /tmp).
//
//   TempDir dir("enginesim-conf");   // $TMPDIR/enginesim-conf-XXXXXX
//   load(..., "dir=" + dir.path());
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace enginesim {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "enginesim") {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary directory " + pattern +
                               ": is $TMPDIR (or /tmp) writable?");
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace enginesim
