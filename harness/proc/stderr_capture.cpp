// stderr_capture.cpp - the pipe behind a child's fd 2 and its bounded tail.
#include "harness/proc/stderr_capture.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

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
  return bounded_tail(kept_, dropped_bytes_);
}

namespace {

// The line a sanitizer's report opens with ("==123==ERROR: AddressSanitizer:
// SEGV on unknown address ...") or sums itself up in ("SUMMARY: ..."): what
// happened, in one line. Behind a deep stack and the chain of threads that
// created the crashing one, both can be more than kLinesMax lines from the
// end.
bool sanitizer_headline(std::string_view line) {
  if (line.rfind("SUMMARY: ", 0) == 0) return true;
  return line.rfind("==", 0) == 0 && line.find("==ERROR: ") != std::string_view::npos;
}

}  // namespace

std::string bounded_tail(const std::string& written, size_t dropped_bytes) {
  std::string text = written;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (text.empty()) return "";
  size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  size_t start = 0;
  const size_t total_lines = lines;
  std::string headlines;
  size_t kept_headlines = 0;
  while (lines > StderrCapture::kLinesMax) {
    const size_t next = text.find('\n', start) + 1;
    const std::string_view line(text.data() + start, next - 1 - start);
    if (kept_headlines < StderrCapture::kHeadlinesMax && sanitizer_headline(line)) {
      headlines += std::string(line) + "\n";
      ++kept_headlines;
    }
    start = next;
    --lines;
  }
  std::string out;
  if (dropped_bytes > 0 || start > 0) {
    const size_t cut = total_lines - lines - kept_headlines;
    out = "(" +
          (dropped_bytes > 0 ? std::to_string(dropped_bytes) + " bytes and " : std::string()) +
          std::to_string(cut) + " lines cut; " +
          (kept_headlines > 0 ? "a sanitizer's " + std::to_string(kept_headlines) +
                                    " headline line(s) from among them and "
                              : std::string()) +
          "the last " + std::to_string(lines) + " lines follow)\n" + headlines;
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
