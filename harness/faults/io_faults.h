// io_faults.h - I/O fault injection for controlled threads. While a run has
// a fault profile installed, the file I/O wrappers (interpose_io.cpp) ask
// here, for each call a controlled thread makes on a file it opened itself
// (or for a path call: open, rename, unlink), whether it fails (EIO, ENOSPC)
// or completes short. Each decision with a possible fault is a recorded
// ChoiceKind::fault choice, drawn by the profile's weights, so a replay
// injects exactly the same faults. Uncontrolled threads, descriptors the
// engine did not open (stderr, the harness's pipes) and runs without a
// profile pass straight through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "harness/faults/fault_profile.h"

namespace enginesim::sched {

// Installs `profile` (owned by the caller, alive until uninstalled) for the
// calls that follow; null uninstalls. Called by a simulation on its root
// controlled thread (sim_incarnation.cpp around the engine's start,
// sim_drive.cpp before the end checks).
void install_fault_profile(const FaultProfile* profile);

// How many faults were injected since the last install.
uint64_t injected_fault_count();

// --- for the wrappers ------------------------------------------------------
// Whether a controlled thread's I/O is being faulted at all now.
bool io_faults_active();
// The fault for one call; `size` is what a short transfer could shorten (0 or
// 1: no short transfer). Records the choice and notes an injected fault in
// the trace ("fault: write eio"). IoFault::none when inactive.
IoFault decide_io_fault(IoCall call, size_t size);

// With faults or a durable shadow installed, a file call of a controlled
// thread is a scheduling point (Op::io) before it happens, so that other
// threads - and a crash - can come between a write and its fsync. Without
// either, it is not (runs keep the steps they always had).
void io_point();

// The descriptors and streams controlled threads opened (only those are
// faulted). Tracking happens whenever a controlled thread opens something,
// profile or not, so that installing a profile mid-run is consistent.
void track_fd(int fd);
void untrack_fd(int fd);
bool tracked_fd(int fd);
void track_file(FILE* file);
void untrack_file(FILE* file);
bool tracked_file(FILE* file);

}  // namespace enginesim::sched
