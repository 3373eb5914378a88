/* engine_testapp.h - what a test suite written for memcached's engine_testapp
 * sees: the verdicts a test returns, the table of tests a suite exports, and
 * the functions the harness hands the suite. `enginesim testapp` runs such a
 * suite unchanged (docs/testapp.md).
 *
 * Our own text; the layout (enum values, member order, function signatures)
 * is memcached's include/memcached/engine_testapp.h as stored at
 * memcached/memcached@74ddc806e0e26966beaa0398429549b0b1807fd9 (the engine
 * branch of 2010-2011; commit 82fb476 could not be read). The sizes and
 * offsets are pinned in tests/include/abi_pins_testapp.c. */
#ifndef MEMCACHED_ENGINE_TESTAPP_H
#define MEMCACHED_ENGINE_TESTAPP_H

#include <memcached/engine.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A test's verdict. A suite returns SUCCESS, FAIL, SKIPPED or PENDING; the
 * harness adds DIED (killed by a signal), CORE (the same, with a core dump)
 * and TIMEOUT. The numbers are the test child's exit code. */
enum test_result {
    SUCCESS = 11,
    SKIPPED = 12,
    FAIL = 13,
    DIED = 14,
    CORE = 15,
    PENDING = 19,
    TIMEOUT = 23
};

/* Given to the suite's setup_suite. Cookies are connections of the core.
 * start_engine(path, config, initialize) loads an engine;
 * reload_engine(&h, &h1, path, config, initialize, force) destroys the
 * current one and loads another in its place; time_travel(seconds) moves the
 * core's clock forward. */
struct test_harness {
    const char *engine_path;
    const char *default_engine_cfg;
    ENGINE_HANDLE_V1 *(*start_engine)(const char *, const char *, bool);
    void (*reload_engine)(ENGINE_HANDLE **, ENGINE_HANDLE_V1 **,
                          const char *, const char *, bool, bool);
    const void *(*create_cookie)(void);
    void (*destroy_cookie)(const void *cookie);
    void (*set_ewouldblock_handling)(const void *cookie, bool enable);
    void (*lock_cookie)(const void *cookie);
    void (*unlock_cookie)(const void *cookie);
    void (*waitfor_cookie)(const void *cookie);
    void (*time_travel)(int offset);
};

/* One test. tfun NULL: the test is reported PENDING and not run. cfg NULL:
 * the engine gets the harness's default config. */
typedef struct test {
    const char *name;
    enum test_result (*tfun)(ENGINE_HANDLE *, ENGINE_HANDLE_V1 *);
    bool (*test_setup)(ENGINE_HANDLE *, ENGINE_HANDLE_V1 *);
    bool (*test_teardown)(ENGINE_HANDLE *, ENGINE_HANDLE_V1 *);
    const char *cfg;
} engine_test_t;

/* The suite's exports: get_tests (required; the array ends with a NULL
 * name), setup_suite and teardown_suite (optional). */
typedef engine_test_t *(*GET_TESTS)(void);
typedef bool (*SETUP_SUITE)(struct test_harness *);
typedef bool (*TEARDOWN_SUITE)(void);

#ifdef __cplusplus
}
#endif

#endif /* MEMCACHED_ENGINE_TESTAPP_H */
