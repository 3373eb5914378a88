// interpose_io.cpp - the extern "C" file I/O wrappers a dlopen'ed engine's
// calls bind to (the executable exports them, like interpose.cpp's). A
// controlled thread's call on something it opened may be faulted
// (io_faults.h); every other call goes straight to the real function.
//   EIO / ENOSPC: the call does nothing and fails with that errno (close and
//     fclose do close: Linux releases the descriptor even when close fails);
//   short: read/write transfer half of what was asked (at least 1 byte).
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>

#include "harness/faults/durable_shadow.h"
#include "harness/faults/io_faults.h"
#include "harness/faults/real_io.h"
#include "harness/sched/sched_core.h"

using enginesim::sched::controlled_self;
using enginesim::sched::decide_io_fault;
using enginesim::sched::DurableShadow;
using enginesim::sched::installed_durable_shadow;
using enginesim::sched::IoCall;
using enginesim::sched::IoFault;
using enginesim::sched::real_io;

namespace {

// glibc's stream error indicator (_IO_ERR_SEEN), so that ferror() reports a
// faulted stdio call the way it reports a real one.
constexpr int kStreamErrorFlag = 0x0020;

int fail_with(IoFault fault) {
  errno = fault == IoFault::enospc ? ENOSPC : EIO;
  return -1;
}

void stream_error(FILE* f, IoFault fault) {
  f->_flags |= kStreamErrorFlag;
  errno = fault == IoFault::enospc ? ENOSPC : EIO;
}

mode_t mode_arg(int flags, va_list ap) {
  return (flags & (O_CREAT | O_TMPFILE)) != 0 ? static_cast<mode_t>(va_arg(ap, int)) : 0;
}

bool faultable(int fd) { return controlled_self() != nullptr && enginesim::sched::tracked_fd(fd); }
bool faultable(FILE* f) {
  return f != nullptr && controlled_self() != nullptr && enginesim::sched::tracked_file(f);
}

// Whether `path` names nothing yet (a create would make a new file).
bool absent(int dirfd, const char* path) { return ::faccessat(dirfd, path, F_OK, 0) != 0; }

int open_impl(int dirfd, const char* path, int flags, mode_t mode) {
  const bool controlled = controlled_self() != nullptr;
  if (!controlled) {
    return dirfd == AT_FDCWD ? real_io().open(path, flags, mode)
                             : real_io().openat(dirfd, path, flags, mode);
  }
  enginesim::sched::io_point();
  const IoFault fault = decide_io_fault(IoCall::open, 0);
  if (fault != IoFault::none) return fail_with(fault);
  DurableShadow* shadow = installed_durable_shadow();
  const bool created = shadow != nullptr && (flags & O_CREAT) != 0 && absent(dirfd, path);
  const int fd = dirfd == AT_FDCWD ? real_io().open(path, flags, mode)
                                   : real_io().openat(dirfd, path, flags, mode);
  enginesim::sched::track_fd(fd);
  if (shadow != nullptr && fd >= 0) shadow->opened(fd, created);
  return fd;
}

// fsync/fdatasync of a controlled thread's file; the shadow learns what
// became durable.
int sync_impl(int fd, int (*real_sync)(int)) {
  if (!faultable(fd)) return real_sync(fd);
  enginesim::sched::io_point();
  const IoFault fault = decide_io_fault(IoCall::sync, 0);
  if (fault != IoFault::none) return fail_with(fault);
  const int rc = real_sync(fd);
  if (rc == 0) {
    if (DurableShadow* shadow = installed_durable_shadow()) shadow->synced(fd);
  }
  return rc;
}

// The fault for a read or write of `count` bytes on fd (none if not ours).
IoFault transfer_fault(IoCall call, int fd, size_t* count) {
  if (!faultable(fd)) return IoFault::none;
  enginesim::sched::io_point();
  const IoFault fault = decide_io_fault(call, *count);
  if (fault == IoFault::short_transfer) *count /= 2;
  return fault;
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open_impl(AT_FDCWD, path, flags, mode);
}
int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open_impl(AT_FDCWD, path, flags, mode);
}
int openat(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open_impl(dirfd, path, flags, mode);
}
int openat64(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open_impl(dirfd, path, flags, mode);
}

ssize_t read(int fd, void* buf, size_t count) {
  const IoFault fault = transfer_fault(IoCall::read, fd, &count);
  if (fault == IoFault::eio || fault == IoFault::enospc) return fail_with(fault);
  return real_io().read(fd, buf, count);
}
ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
  const IoFault fault = transfer_fault(IoCall::read, fd, &count);
  if (fault == IoFault::eio || fault == IoFault::enospc) return fail_with(fault);
  return real_io().pread(fd, buf, count, offset);
}
ssize_t pread64(int fd, void* buf, size_t count, off_t offset) {
  return pread(fd, buf, count, offset);
}
ssize_t write(int fd, const void* buf, size_t count) {
  const IoFault fault = transfer_fault(IoCall::write, fd, &count);
  if (fault == IoFault::eio || fault == IoFault::enospc) return fail_with(fault);
  return real_io().write(fd, buf, count);
}
ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  const IoFault fault = transfer_fault(IoCall::write, fd, &count);
  if (fault == IoFault::eio || fault == IoFault::enospc) return fail_with(fault);
  return real_io().pwrite(fd, buf, count, offset);
}
ssize_t pwrite64(int fd, const void* buf, size_t count, off_t offset) {
  return pwrite(fd, buf, count, offset);
}

int fsync(int fd) { return sync_impl(fd, real_io().fsync); }
int fdatasync(int fd) { return sync_impl(fd, real_io().fdatasync); }

int rename(const char* from, const char* to) noexcept {
  if (controlled_self() != nullptr) {
    enginesim::sched::io_point();
    const IoFault fault = decide_io_fault(IoCall::rename, 0);
    if (fault != IoFault::none) return fail_with(fault);
  }
  return real_io().rename(from, to);
}
int unlink(const char* path) noexcept {
  if (controlled_self() != nullptr) {
    enginesim::sched::io_point();
    const IoFault fault = decide_io_fault(IoCall::unlink, 0);
    if (fault != IoFault::none) return fail_with(fault);
  }
  return real_io().unlink(path);
}

int close(int fd) {
  if (!faultable(fd)) return real_io().close(fd);
  enginesim::sched::untrack_fd(fd);
  const IoFault fault = decide_io_fault(IoCall::close, 0);
  const int rc = real_io().close(fd);
  return fault == IoFault::none ? rc : fail_with(fault);
}

FILE* fopen(const char* path, const char* mode) {
  const bool controlled = controlled_self() != nullptr;
  if (controlled) {
    const IoFault fault = decide_io_fault(IoCall::open, 0);
    if (fault != IoFault::none) {
      fail_with(fault);
      return nullptr;
    }
  }
  DurableShadow* shadow = controlled ? installed_durable_shadow() : nullptr;
  const bool created =
      shadow != nullptr && (mode[0] == 'w' || mode[0] == 'a') && absent(AT_FDCWD, path);
  FILE* f = real_io().fopen(path, mode);
  if (controlled && f != nullptr) {
    enginesim::sched::track_file(f);
    enginesim::sched::track_fd(fileno(f));
    if (shadow != nullptr) shadow->opened(fileno(f), created);
  }
  return f;
}
FILE* fopen64(const char* path, const char* mode) { return fopen(path, mode); }

size_t fread(void* ptr, size_t size, size_t nmemb, FILE* f) {
  if (!faultable(f)) return real_io().fread(ptr, size, nmemb, f);
  const IoFault fault = decide_io_fault(IoCall::read, nmemb);
  if (fault == IoFault::eio || fault == IoFault::enospc) {
    stream_error(f, fault);
    return 0;
  }
  return real_io().fread(ptr, size, fault == IoFault::short_transfer ? nmemb / 2 : nmemb, f);
}
size_t fwrite(const void* ptr, size_t size, size_t nmemb, FILE* f) {
  if (!faultable(f)) return real_io().fwrite(ptr, size, nmemb, f);
  enginesim::sched::io_point();
  const IoFault fault = decide_io_fault(IoCall::write, nmemb);
  if (fault == IoFault::none) return real_io().fwrite(ptr, size, nmemb, f);
  size_t done = 0;
  if (fault == IoFault::short_transfer) done = real_io().fwrite(ptr, size, nmemb / 2, f);
  // A stream reports a short write as an error, like a full disk.
  stream_error(f, fault == IoFault::short_transfer ? IoFault::enospc : fault);
  return done;
}
int fflush(FILE* f) {
  if (!faultable(f)) return real_io().fflush(f);
  enginesim::sched::io_point();
  const IoFault fault = decide_io_fault(IoCall::write, 0);
  if (fault != IoFault::none) {
    stream_error(f, fault);
    return EOF;
  }
  return real_io().fflush(f);
}
int fclose(FILE* f) {
  if (!faultable(f)) return real_io().fclose(f);
  enginesim::sched::untrack_file(f);
  enginesim::sched::untrack_fd(fileno(f));
  const IoFault fault = decide_io_fault(IoCall::close, 0);
  const int rc = real_io().fclose(f);
  if (fault == IoFault::none) return rc;
  errno = EIO;
  return EOF;
}

}  // extern "C"
