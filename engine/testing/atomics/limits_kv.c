/* limits_kv.c - examples/kv_engine under the name sched_limits.c calls it,
 * so that the limits engine (docs/limits.md) can be built instrumented in
 * one compiler call: with --atomics its spin is explored, with --races its
 * race is reported. */
#define create_instance kv_create_instance
#include "../../../examples/kv_engine/kv_engine.c"
