/* engine_common.h - the few types both an engine and the core's other
 * modules need before anything else: the bare engine handle and the two
 * callbacks the core passes into engine operations. memcached keeps them in
 * a header of this name, so engines of its 2010-2011 tree include it by
 * name; types.h includes it, so including either is enough. */
#ifndef MEMCACHED_ENGINE_COMMON_H
#define MEMCACHED_ENGINE_COMMON_H

#include <stdint.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The handle every engine interface starts with; the core reads
 * `interface` to learn which ENGINE_HANDLE_Vn follows. */
typedef struct engine_interface {
    uint64_t interface;
} ENGINE_HANDLE;

/* Called once per statistic by get_stats; val is the value as text. */
typedef void (*ADD_STAT)(const char *key, const uint16_t klen,
                         const char *val, const uint32_t vlen,
                         const void *cookie);

/* Called by unknown_command to queue one binary-protocol response;
 * false when the core could not build it. */
typedef bool (*ADD_RESPONSE)(const void *key, uint16_t keylen,
                             const void *ext, uint8_t extlen,
                             const void *body, uint32_t bodylen,
                             uint8_t datatype, uint16_t status,
                             uint64_t cas, const void *cookie);

#ifdef __cplusplus
}
#endif

#endif
