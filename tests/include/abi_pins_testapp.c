/* abi_pins_testapp.c - include/memcached/engine_testapp.h pinned at compile
 * time on x86-64 (static asserts, -pedantic -Werror): a suite built against
 * memcached's header and one built against ours must agree on every value
 * and offset. Checked against memcached/memcached@74ddc806e0e26966beaa0398
 * 429549b0b1807fd9 include/memcached/engine_testapp.h (enum test_result,
 * struct test_harness, engine_test_t); offsets from its member list on
 * x86-64 (pointers of 8 bytes, no padding). */
#include <stddef.h>

#include "memcached/engine_testapp.h"

#define PIN_VALUE(name, value) _Static_assert((name) == (value), #name " == " #value)
#define PIN_SIZE(type, size) _Static_assert(sizeof(type) == (size), "sizeof(" #type ") == " #size)
#define PIN_AT(type, member, offset) \
    _Static_assert(offsetof(type, member) == (offset), #type "." #member " at " #offset)

PIN_VALUE(SUCCESS, 11);
PIN_VALUE(SKIPPED, 12);
PIN_VALUE(FAIL, 13);
PIN_VALUE(DIED, 14);
PIN_VALUE(CORE, 15);
PIN_VALUE(PENDING, 19);
PIN_VALUE(TIMEOUT, 23);

PIN_SIZE(struct test_harness, 88);
PIN_AT(struct test_harness, engine_path, 0);
PIN_AT(struct test_harness, default_engine_cfg, 8);
PIN_AT(struct test_harness, start_engine, 16);
PIN_AT(struct test_harness, reload_engine, 24);
PIN_AT(struct test_harness, create_cookie, 32);
PIN_AT(struct test_harness, destroy_cookie, 40);
PIN_AT(struct test_harness, set_ewouldblock_handling, 48);
PIN_AT(struct test_harness, lock_cookie, 56);
PIN_AT(struct test_harness, unlock_cookie, 64);
PIN_AT(struct test_harness, waitfor_cookie, 72);
PIN_AT(struct test_harness, time_travel, 80);

PIN_SIZE(engine_test_t, 40);
PIN_AT(engine_test_t, name, 0);
PIN_AT(engine_test_t, tfun, 8);
PIN_AT(engine_test_t, test_setup, 16);
PIN_AT(engine_test_t, test_teardown, 24);
PIN_AT(engine_test_t, cfg, 32);

/* The signatures, as memcached's header declares them. */
static struct test_harness pinned_harness;
static ENGINE_HANDLE_V1 *(**pin_start)(const char *, const char *, bool) = &pinned_harness.start_engine;
static void (**pin_reload)(ENGINE_HANDLE **, ENGINE_HANDLE_V1 **, const char *, const char *,
                           bool, bool) = &pinned_harness.reload_engine;
static const void *(**pin_create)(void) = &pinned_harness.create_cookie;
static void (**pin_travel)(int) = &pinned_harness.time_travel;
static GET_TESTS pin_get_tests;
static SETUP_SUITE pin_setup;
static TEARDOWN_SUITE pin_teardown;

/* Referenced so that the pins are not unused statics. */
int abi_pins_testapp_used(void);
int abi_pins_testapp_used(void) {
    return pin_start != NULL && pin_reload != NULL && pin_create != NULL && pin_travel != NULL &&
           pin_get_tests == NULL && pin_setup == NULL && pin_teardown == NULL;
}
