// temp_dir.h - fresh, empty directories under $TMPDIR (or /tmp): one per
// clause, run, rapidcheck case or test, so no run sees another's files.
//
//   TempDir dir("enginesim-conf");   // $TMPDIR/enginesim-conf-XXXXXX, removed at the end
//   load(..., "dir=" + dir.path());
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>

namespace enginesim {

// $TMPDIR when it is set and not empty, else /tmp.
inline std::string temp_base() {
  const char* base = std::getenv("TMPDIR");
  return base != nullptr && *base != '\0' ? base : "/tmp";
}

// Makes "<temp_base()>/<stem>XXXXXX" (mkdtemp fills in the X's; the stem
// carries its own separator) and returns its path, or "" when it cannot be
// made. The directory stays: a caller that wants it gone uses TempDir.
inline std::string make_temp_dir(const std::string& stem) {
  std::string pattern = temp_base() + "/" + stem + "XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

// A directory made by make_temp_dir that is removed, with everything in it,
// when the object dies.
class TempDir {
 public:
  // "<prefix>-XXXXXX"; throws when it cannot be made.
  explicit TempDir(const std::string& prefix = "enginesim") : path_(make_temp_dir(prefix + "-")) {
    if (path_.empty()) {
      throw std::runtime_error("cannot create a temporary directory " + temp_base() + "/" +
                               prefix + "-XXXXXX: is $TMPDIR (or /tmp) writable?");
    }
  }
  // "<stem>XXXXXX" exactly; path() is "" when it could not be made.
  TempDir(const std::string& stem, std::nothrow_t) : path_(make_temp_dir(stem)) {}
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace enginesim
