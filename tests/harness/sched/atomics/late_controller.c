/* late_controller.c - an LD_PRELOAD shim that makes the thread starting a
 * scheduled run lose the CPU just after it releases the run's first thread:
 * the first sem_post of each process returns 50 ms late. CI once saw that
 * by chance on a loaded machine (atomics.limits_race_reported), and a race
 * in the engine's initialize went unreported; with the shim it is seen every
 * time, so the test below proves the run watches accesses from its first
 * step whatever the OS schedules. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <semaphore.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pid_t slowed_in;

int sem_post(sem_t *sem) {
    static int (*real_post)(sem_t *);
    if (real_post == NULL) real_post = (int (*)(sem_t *))dlsym(RTLD_NEXT, "sem_post");
    const int rc = real_post(sem);
    if (slowed_in != getpid()) {
        slowed_in = getpid();
        /* The system call itself: enginesim defines usleep and nanosleep
         * (-rdynamic), and on a controlled thread they are scheduled steps. */
        const struct timespec nap = {0, 50L * 1000 * 1000};
        syscall(SYS_nanosleep, &nap, NULL);
    }
    return rc;
}
