// stderr_window.h - what the process writes to fd 2 while one object lives:
// the loader wraps an engine's create_instance and initialize in it, so that
// a failure to load can quote the engine's own complaint (many engines print
// a parse error to stderr instead of logging through the server API).
#pragma once

#include <string>

namespace enginesim {

class StderrWindow {
 public:
  StderrWindow();   // fd 2 now goes to an anonymous memory file
  ~StderrWindow();  // restores fd 2 (if close() was not called)
  StderrWindow(const StderrWindow&) = delete;
  StderrWindow& operator=(const StderrWindow&) = delete;

  // Restores fd 2, copies what was written to it there (nothing is hidden)
  // and returns its tail (StderrCapture's bounds). Idempotent.
  std::string close();

 private:
  // A sanitizer that stops the process (TSan's halt_on_error, ASan's
  // report) writes its report to fd 2, into the window, and then exits:
  // without this its report would vanish with the memory file. Its death
  // callback copies the open window to the real stderr first.
  static void spill_open_window();

  int saved_fd_ = -1;  // the real stderr while the window is open
  int file_fd_ = -1;   // the memory file
  std::string text_;
};

}  // namespace enginesim
