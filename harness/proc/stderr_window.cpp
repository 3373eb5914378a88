// stderr_window.cpp - fd 2 swapped for a memfd and back.
#include "harness/proc/stderr_window.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

#include "harness/proc/stderr_capture.h"
#include "harness/proc/write_all.h"

// The sanitizers' hook, called as a sanitizer ends the process (after its
// report). Weak: null in a build without a sanitizer runtime.
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace enginesim {

namespace {
// The window open now (the loader opens one at a time), for the death
// callback; its two descriptors, so that the callback reads no object.
std::atomic<int> g_open_saved_fd{-1};
std::atomic<int> g_open_file_fd{-1};
}  // namespace

void StderrWindow::spill_open_window() {
  const int saved = g_open_saved_fd.load();
  const int file = g_open_file_fd.load();
  if (saved < 0 || file < 0) return;
  ::dup2(saved, STDERR_FILENO);
  char buf[4096];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(file, buf, sizeof buf, at);
    if (n <= 0) break;
    at += n;
    // A view, not a string: nothing is allocated in a dying process.
    if (!write_all(STDERR_FILENO, std::string_view(buf, static_cast<size_t>(n)))) return;
  }
}

StderrWindow::StderrWindow() {
  std::fflush(stderr);
  file_fd_ = ::memfd_create("enginesim-stderr", MFD_CLOEXEC);
  if (file_fd_ < 0) return;  // no window: the engine's stderr goes where it went
  saved_fd_ = ::dup(STDERR_FILENO);
  if (saved_fd_ < 0 || ::dup2(file_fd_, STDERR_FILENO) < 0) {
    if (saved_fd_ >= 0) ::close(saved_fd_);
    ::close(file_fd_);
    saved_fd_ = file_fd_ = -1;
    return;
  }
  g_open_saved_fd.store(saved_fd_);
  g_open_file_fd.store(file_fd_);
  static const bool hooked = [] {
    if (&__sanitizer_set_death_callback != nullptr) {
      __sanitizer_set_death_callback(&StderrWindow::spill_open_window);
    }
    return true;
  }();
  (void)hooked;
}

StderrWindow::~StderrWindow() { close(); }

std::string StderrWindow::close() {
  if (saved_fd_ < 0) return text_;
  std::fflush(stderr);
  g_open_saved_fd.store(-1);
  g_open_file_fd.store(-1);
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
