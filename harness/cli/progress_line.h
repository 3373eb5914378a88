// progress_line.h - the one-line progress display of long commands
// (explore, conformance, bench): done/total, failures so far, rate and time
// left, redrawn in place on stderr when stderr is a terminal; nothing at all
// otherwise, so CI logs stay line-oriented.
// style-ok-file: wall time drives the progress display only, never a schedule.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace enginesim::cli {

class ProgressLine {
 public:
  // `unit`: what is counted, plural ("seeds", "clauses"). `out`: where the
  // line goes (stderr; a test passes a file).
  ProgressLine(uint64_t total, std::string unit, bool on_terminal, std::FILE* out = stderr);
  // True when stderr is a terminal.
  static bool stderr_is_terminal();

  // One unit finished; redraws at most ten times a second (and at the end).
  void done_one(bool ok);
  // Erases the line (before printing anything else); redraw() puts it back.
  void clear();
  void redraw();
  uint64_t done() const { return done_; }
  uint64_t total() const { return total_; }
  uint64_t failures() const { return failures_; }
  double seconds() const;
  // "12/40 seeds, 1 failure, 3.2 seeds/s, ~9s left"
  std::string text() const;

 private:
  uint64_t total_, done_ = 0, failures_ = 0;
  std::string unit_;
  bool on_terminal_;
  std::FILE* out_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace enginesim::cli
