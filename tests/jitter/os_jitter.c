/* os_jitter.c - an LD_PRELOAD shim for ci/jitter: after some sem_post calls
 * the posting thread sleeps a while, as if the OS took its CPU away.
 *
 * A controlled thread hands the baton over with sem_post (the scheduler's
 * handoff), and the thread that starts a run releases the first one with it:
 * if anything in enginesim depended on which real thread gets the CPU first,
 * a run perturbed here would give another verdict or trace hash than the same
 * seed unperturbed, and the suite's replay and determinism tests fail. The
 * perturbation itself is random by design (it stands for the OS); its seed
 * only makes the pattern of sleeps vary from process to process.
 *
 * ENGINESIM_JITTER="ONE_IN:MAX_US" (default "16:3000"): one sem_post in
 * ONE_IN, at random, is followed by a sleep of up to MAX_US microseconds.
 * ENGINESIM_JITTER="first:US": the first sem_post of each process, and only
 * it, is followed by a sleep of US microseconds: the thread that starts a run
 * loses the CPU just after it lets the run's first thread go, every time
 * (atomics.limits_race_reported_late_controller). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static unsigned one_in = 16;
static unsigned max_us = 3000;
static unsigned first_us;     /* "first:US"; 0: random sleeps */
static pid_t first_slept_in;  /* the process whose first post slept */
static __thread uint64_t rng; /* xorshift64, per thread: no lock */

__attribute__((constructor)) static void read_settings(void) {
    const char *spec = getenv("ENGINESIM_JITTER");
    unsigned a = 0, b = 0;
    if (spec != NULL && sscanf(spec, "first:%u", &a) == 1) {
        first_us = a;
    } else if (spec != NULL && sscanf(spec, "%u:%u", &a, &b) == 2 && a > 0) {
        one_in = a;
        max_us = b;
    }
}

/* The system call itself: enginesim defines usleep and nanosleep
 * (-rdynamic), and on a controlled thread they are scheduled steps. */
static void nap(long us) {
    const struct timespec t = {us / 1000000, (us % 1000000) * 1000};
    syscall(SYS_nanosleep, &t, NULL);
}

static uint64_t next_random(void) {
    if (rng == 0) rng = ((uint64_t)getpid() << 32) ^ (uint64_t)syscall(SYS_gettid) ^ 0x9E3779B97F4A7C15ULL;
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

int sem_post(sem_t *sem) {
    static int (*real_post)(sem_t *);
    if (real_post == NULL) real_post = (int (*)(sem_t *))dlsym(RTLD_NEXT, "sem_post");
    const int rc = real_post(sem);
    if (first_us > 0) {
        if (first_slept_in != getpid()) {
            first_slept_in = getpid();
            nap((long)first_us);
        }
    } else if (max_us > 0 && next_random() % one_in == 0) {
        nap((long)(next_random() % max_us));
    }
    return rc;
}
