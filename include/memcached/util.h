/* util.h - the number parsers and helpers memcached's core exports to
 * engines. Engines of memcached's 2010-2011 tree include it; enginesim
 * implements it in the enginesim_memcached_util library (fakes/util/), so an
 * engine that uses it links that library (enginesim::memcached_util). */
#ifndef MEMCACHED_UTIL_H
#define MEMCACHED_UTIL_H

#include <stdint.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

/* memcached's header defines PUBLIC as a side effect (default visibility),
 * and some engines use it for their own exports, so we do too. */
#ifndef PUBLIC
#if defined(__GNUC__) || defined(__clang__)
#define PUBLIC __attribute__((visibility("default")))
#else
#define PUBLIC
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Base-10 parsers. Each sets *out to 0 first and returns true with the
 * value in *out when the number ends at the end of the string or at a
 * whitespace character (leading whitespace and a sign are accepted, as by
 * strtoull and friends). False on overflow of the C library type, on
 * trailing garbage, and for the unsigned ones on a minus sign when the
 * value read is at least 2^63. memcached's quirks on LP64 are kept on
 * purpose (see fakes/util/memcached_util.c). */
PUBLIC bool safe_strtoull(const char *str, uint64_t *out);
PUBLIC bool safe_strtoll(const char *str, int64_t *out);
PUBLIC bool safe_strtoul(const char *str, uint32_t *out);
PUBLIC bool safe_strtol(const char *str, int32_t *out);
PUBLIC bool safe_strtof(const char *str, float *out);

/* 64-bit byte order conversion, which the platform may not have. */
#ifndef HAVE_HTONLL
PUBLIC extern uint64_t htonll(uint64_t value);
PUBLIC extern uint64_t ntohll(uint64_t value);
#endif

/* perror() with a printf format. No format attribute: memcached's header
 * has none in effect, and adding one would turn warnings into errors in
 * engines that compile cleanly against it. */
PUBLIC void vperror(const char *fmt, ...);

#ifdef __cplusplus
}
#endif

#endif
