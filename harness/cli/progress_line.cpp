// progress_line.cpp - the progress line of long commands.
// style-ok-file: wall time drives the progress display only, never a schedule.
#include "harness/cli/progress_line.h"

#include <unistd.h>

#include <cinttypes>

namespace enginesim::cli {

ProgressLine::ProgressLine(uint64_t total, std::string unit, bool on_terminal, std::FILE* out)
    : total_(total),
      unit_(std::move(unit)),
      on_terminal_(on_terminal),
      out_(out),
      start_(std::chrono::steady_clock::now()) {}

bool ProgressLine::stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

double ProgressLine::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string ProgressLine::text() const {
  const double secs = seconds();
  const double rate = secs > 0 ? static_cast<double>(done_) / secs : 0;
  const double left = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "%" PRIu64 "/%" PRIu64 " %s, %" PRIu64 " failure%s, %.1f %s/s, ~%.0fs left", done_,
                total_, unit_.c_str(), failures_, failures_ == 1 ? "" : "s", rate, unit_.c_str(),
                left);
  return buf;
}

void ProgressLine::done_one(bool ok) {
  ++done_;
  failures_ += ok ? 0 : 1;
  if (!on_terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done_ < total_) return;
  last_draw_ = now;
  redraw();
}

void ProgressLine::redraw() {
  if (!on_terminal_) return;
  std::fprintf(out_, "\r\033[K%s", text().c_str());
  std::fflush(out_);
  drawn_ = true;
}

void ProgressLine::clear() {
  if (!drawn_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace enginesim::cli
