// stderr_window.cpp - fd 2 swapped for a memfd and back.
#include "harness/proc/stderr_window.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "harness/proc/stderr_capture.h"
#include "harness/proc/write_all.h"

namespace enginesim {

StderrWindow::StderrWindow() {
  std::fflush(stderr);
  file_fd_ = ::memfd_create("enginesim-stderr", MFD_CLOEXEC);
  if (file_fd_ < 0) return;  // no window: the engine's stderr goes where it went
  saved_fd_ = ::dup(STDERR_FILENO);
  if (saved_fd_ < 0 || ::dup2(file_fd_, STDERR_FILENO) < 0) {
    if (saved_fd_ >= 0) ::close(saved_fd_);
    ::close(file_fd_);
    saved_fd_ = file_fd_ = -1;
  }
}

StderrWindow::~StderrWindow() { close(); }

std::string StderrWindow::close() {
  if (saved_fd_ < 0) return text_;
  std::fflush(stderr);
  ::dup2(saved_fd_, STDERR_FILENO);
  ::close(saved_fd_);
  saved_fd_ = -1;
  struct stat st {};
  const off_t size = ::fstat(file_fd_, &st) == 0 ? st.st_size : 0;
  // Only the end is read: an engine may have written without bound.
  const off_t bytes_max = static_cast<off_t>(StderrCapture::kBytesMax);
  const off_t from = size > bytes_max ? size - bytes_max : 0;
  std::string raw(static_cast<size_t>(size - from), '\0');
  size_t got = 0;
  while (got < raw.size()) {
    const ssize_t n =
        ::pread(file_fd_, raw.data() + got, raw.size() - got, from + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  raw.resize(got);
  ::close(file_fd_);
  file_fd_ = -1;
  if (raw.empty()) return text_;
  // Shown where it would have gone: the window keeps a copy, hides nothing.
  write_all(STDERR_FILENO, raw);
  while (!raw.empty() && raw.back() == '\n') raw.pop_back();
  // The last lines only, as every verdict shows them.
  size_t lines = 1, start = raw.size();
  while (start > 0) {
    if (raw[start - 1] == '\n' && ++lines > StderrCapture::kLinesMax) break;
    --start;
  }
  text_ = raw.substr(start);
  return text_;
}

}  // namespace enginesim
