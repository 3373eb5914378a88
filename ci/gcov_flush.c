/* gcov_flush.c - LD_PRELOAD shim for ci/coverage: writes the gcov counters
 * of the program and of every instrumented engine it loaded before _exit().
 * enginesim's isolated children end with _exit() (no atexit handlers), which
 * would otherwise drop every line they reached. Built with --coverage, so
 * its __gcov_dump walks gcov's shared master list (all loaded modules). */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>

void __gcov_dump(void);

void _exit(int status) {
    __gcov_dump();
    syscall(SYS_exit_group, status);
    for (;;) {
    }
}
