// thread_census.h - the threads of this process as the kernel lists them
// (/proc/self/task): how the monitor tells whether destroy left one running.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include <sys/types.h>

namespace enginesim {

// The kernel thread ids alive now.
std::set<pid_t> list_tasks();
// The thread's name (/proc/self/task/<tid>/comm), or "" once it is gone.
std::string task_name(pid_t tid);
// The calling thread's kernel id.
pid_t current_tid();
// Sleeps `ms` of wall time by a raw system call that no wrapper sees: a
// thread that has been joined can linger in /proc/self/task for a moment
// while the kernel reaps it, and waiting for that is a fact of real time,
// never a scheduling point (under the scheduler a wrapped sleep would be a
// step and a virtual time jump, so whether the kernel had reaped the thread
// yet would change the trace).
void sleep_wall_ms(uint32_t ms);

}  // namespace enginesim
