// worker_lock.h - memcached's LOCK_THREAD held while a command runs its
// engine calls.
//
// The EWOULDBLOCK protocol exists only on memcached's binary protocol (the
// 2010 core's ascii get takes any status but SUCCESS as a miss, and its ascii
// store asserts on EWOULDBLOCK: memcached.c@82fb476 process_get_command,
// complete_update_ascii). A binary command reads its key and extras through
// `conn_nread`, which takes the worker thread's lock around `complete_nread`
// (`LOCK_THREAD(t); ... complete_nread(c); UNLOCK_THREAD(t);`,
// memcached.c@82fb476 and daemon/memcached.c@1b4ba6b). complete_nread_binary
// makes the command's engine calls there: allocate, get_item_info and
// item_set_cas (process_bin_update), get_item_info, store and release
// (complete_update_bin), get and get_item_info (process_bin_get), remove,
// arithmetic, flush, get_stats, reset_stats and unknown_command. A get's item
// is released later, by conn_mwrite, outside the lock.
//
// notify_io_complete takes the same lock (Core::notify_io_complete), so an
// engine thread's notify for any connection of the worker waits until the
// worker's engine call returns, and a notify made inside that call on the
// calling thread deadlocks memcached (the monitor's notify.synchronous).
//
// One WorkerLock is one such region. EngineClient::call lets it go while the
// connection waits for its notify (memcached returns to libevent) and takes
// it again for the re-call (conn_nread runs complete_nread again).
#pragma once

#include <mutex>

#include "connection.h"

namespace enginesim {

class WorkerLock {
 public:
  explicit WorkerLock(Connection& conn);
  ~WorkerLock();
  WorkerLock(const WorkerLock&) = delete;
  WorkerLock& operator=(const WorkerLock&) = delete;

  void lock();
  void unlock();

  // The calling thread holds `conn`'s worker lock: a notify for `conn` from
  // here would deadlock memcached.
  static bool held_here(Connection& conn);
  // The calling thread is taking a region's lock: the scheduler takes a free
  // one without a scheduling point. The thread's previous step (the
  // worker's choice before its action, the pick-up after a notify) offers
  // every interleaving that one would, since nothing shared happens between.
  static bool acquiring();

 private:
  std::mutex& mutex_;  // held while this thread's held_by_thread names it
};

}  // namespace enginesim
