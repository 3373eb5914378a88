// real_io.h - the libc file I/O functions behind the fault-injection
// wrappers (interpose_io.cpp), resolved once with dlsym(RTLD_NEXT).
#pragma once

#include <sys/types.h>

#include <cstdio>

namespace enginesim::sched {

struct RealIoFunctions {
  int (*open)(const char*, int, ...);
  int (*openat)(int, const char*, int, ...);
  ssize_t (*read)(int, void*, size_t);
  ssize_t (*pread)(int, void*, size_t, off_t);
  ssize_t (*write)(int, const void*, size_t);
  ssize_t (*pwrite)(int, const void*, size_t, off_t);
  int (*fsync)(int);
  int (*fdatasync)(int);
  int (*rename)(const char*, const char*);
  int (*unlink)(const char*);
  int (*close)(int);
  FILE* (*fopen)(const char*, const char*);
  size_t (*fread)(void*, size_t, size_t, FILE*);
  size_t (*fwrite)(const void*, size_t, size_t, FILE*);
  int (*fflush)(FILE*);
  int (*fclose)(FILE*);
};

// Resolved before main; aborts with a message when a function is missing.
const RealIoFunctions& real_io();

}  // namespace enginesim::sched
