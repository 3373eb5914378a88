// write_all.h - all of a text to a file descriptor (a child's result pipe,
// stderr), through short writes and interrupted ones.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>

namespace enginesim {

// False when the descriptor takes no more (a closed pipe, an error).
inline bool write_all(int fd, std::string_view text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace enginesim
