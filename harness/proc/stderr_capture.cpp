// stderr_capture.cpp - the pipe behind a child's fd 2 and its bounded tail.
#include "harness/proc/stderr_capture.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "enginesim/check.h"

namespace enginesim {

StderrCapture::StderrCapture() {
  int fds[2];
  ES_CHECK(::pipe2(fds, O_CLOEXEC) == 0);
  read_fd_ = fds[0];
  write_fd_ = fds[1];
}

StderrCapture::StderrCapture(StderrCapture&& other) noexcept
    : read_fd_(other.read_fd_),
      write_fd_(other.write_fd_),
      kept_(std::move(other.kept_)),
      dropped_bytes_(other.dropped_bytes_) {
  other.read_fd_ = other.write_fd_ = -1;
}

StderrCapture::~StderrCapture() {
  if (read_fd_ >= 0) ::close(read_fd_);
  if (write_fd_ >= 0) ::close(write_fd_);
}

void StderrCapture::in_child() {
  ES_CHECK(write_fd_ >= 0);
  // dup2 clears close-on-exec on fd 2: a program the engine starts keeps it.
  ES_CHECK(::dup2(write_fd_, STDERR_FILENO) == STDERR_FILENO);
  ::close(write_fd_);
  ::close(read_fd_);
  write_fd_ = read_fd_ = -1;
}

void StderrCapture::in_parent() {
  ES_CHECK(write_fd_ >= 0);
  ::close(write_fd_);
  write_fd_ = -1;
  ::fcntl(read_fd_, F_SETFL, ::fcntl(read_fd_, F_GETFL) | O_NONBLOCK);
}

void StderrCapture::drain() {
  if (read_fd_ < 0) return;
  char buf[16384];
  for (;;) {
    const ssize_t n = ::read(read_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // EAGAIN (nothing now) or EOF
    kept_.append(buf, static_cast<size_t>(n));
    if (kept_.size() > kBytesMax) {
      const size_t cut = kept_.size() - kBytesMax;
      kept_.erase(0, cut);
      dropped_bytes_ += cut;
    }
  }
}

std::string StderrCapture::tail() {
  drain();
  std::string text = kept_;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (text.empty()) return "";
  size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  size_t start = 0;
  const size_t total_lines = lines;
  while (lines > kLinesMax) {
    start = text.find('\n', start) + 1;
    --lines;
  }
  std::string out;
  if (dropped_bytes_ > 0 || start > 0) {
    out = "(" +
          (dropped_bytes_ > 0 ? std::to_string(dropped_bytes_) + " bytes and " : std::string()) +
          std::to_string(total_lines - lines) + " lines cut; the last " + std::to_string(lines) +
          " lines follow)\n";
  }
  return out + text.substr(start);
}

std::string stderr_block(const std::string& tail, const std::string& prefix) {
  if (tail.empty()) return "";
  std::string out = prefix + "engine stderr:\n";
  size_t start = 0;
  while (start <= tail.size()) {
    size_t end = tail.find('\n', start);
    if (end == std::string::npos) end = tail.size();
    out += prefix + "  | " + tail.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace enginesim
