// stderr_capture.h - keeps what a forked child writes to its stderr (the
// engine's complaints, a sanitizer's report) so that a verdict can show it:
// the child's fd 2 becomes a pipe that the parent drains into a bounded tail.
#pragma once

#include <cstddef>
#include <string>

namespace enginesim {

class StderrCapture {
 public:
  // Bounds: an engine that writes without end must not fill the parent's
  // memory or a report; the end of the output is what explains a failure.
  static constexpr size_t kBytesMax = 64 * 1024;
  static constexpr size_t kLinesMax = 40;
  // ...but a sanitizer's report opens with what happened: up to this many
  // of its headline lines are kept from among the lines cut.
  static constexpr size_t kHeadlinesMax = 4;

  StderrCapture();  // makes the pipe: call before fork
  ~StderrCapture();
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;
  StderrCapture(StderrCapture&& other) noexcept;

  // In the child: its fd 2 becomes the pipe's write end.
  void in_child();
  // In the parent: closes the write end; reads never block.
  void in_parent();
  int fd() const { return read_fd_; }  // the read end, for poll
  // Reads what is in the pipe now, keeping the last kBytesMax bytes.
  void drain();
  // The last kLinesMax lines kept (after a final drain), without a trailing
  // newline; a first line says how much was cut. "" when nothing was written.
  std::string tail();

 private:
  int read_fd_ = -1, write_fd_ = -1;
  std::string kept_;
  size_t dropped_bytes_ = 0;
};

// What tail() shows of `written` (of which `dropped_bytes` were already cut
// from the front): the last kLinesMax lines, a first line that says how much
// was cut, and the sanitizer headline lines ("==N==ERROR: ...", "SUMMARY:
// ...") found among the lines cut.
std::string bounded_tail(const std::string& written, size_t dropped_bytes);

// "engine stderr (last N lines):\n<prefix>line\n..." or "" for "".
std::string stderr_block(const std::string& tail, const std::string& prefix);

}  // namespace enginesim
