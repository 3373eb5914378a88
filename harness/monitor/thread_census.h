// thread_census.h - the threads of this process as the kernel lists them
// (/proc/self/task): how the monitor tells whether destroy left one running.
#pragma once

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

}  // namespace enginesim
