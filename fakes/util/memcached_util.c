/* memcached_util.c - our implementation of memcached/util.h, for engines
 * that call the core's number parsers. The behaviour follows memcached's
 * own util.c of the engine era, quirks included, because an engine tested
 * here must see what it sees under memcached: on x86-64 the 32-bit parsers
 * convert through the 64-bit C library functions and keep the low 32 bits,
 * and a string of only whitespace parses as 0. */
#include "memcached/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* isspace on a plain char is undefined for negative values. */
static bool is_space(char c) { return isspace((unsigned char)c) != 0; }

/* Where the C library stopped decides: at the end of a non-empty number or
 * at whitespace. memcached does not ask whether any digit was read, so
 * " x" stops at its leading space having read nothing, and passes. */
static bool ends_well(const char *str, const char *end) {
    return is_space(*end) || (*end == '\0' && end != str);
}

/* strtoull reads "-5" as 2^64 - 5. memcached refuses a minus sign only
 * when the result, taken as signed, is negative, so "-0" passes and a
 * negated value below 2^63 (e.g. "-9223372036854775809") passes too. */
static bool negative_wrapped(const char *str, unsigned long long value) {
    return value > (unsigned long long)LLONG_MAX && strchr(str, '-') != NULL;
}

bool safe_strtoull(const char *str, uint64_t *out) {
    char *end = NULL;
    *out = 0;
    errno = 0;
    const unsigned long long value = strtoull(str, &end, 10);
    if (errno == ERANGE || !ends_well(str, end) || negative_wrapped(str, value)) {
        return false;
    }
    *out = value;
    return true;
}

bool safe_strtoll(const char *str, int64_t *out) {
    char *end = NULL;
    *out = 0;
    errno = 0;
    const long long value = strtoll(str, &end, 10);
    if (errno == ERANGE || !ends_well(str, end)) {
        return false;
    }
    *out = value;
    return true;
}

/* memcached reads an unsigned long, 64 bits on x86-64, and stores it in a
 * uint32_t: "4294967296" gives 0 and true. We reproduce that. */
bool safe_strtoul(const char *str, uint32_t *out) {
    char *end = NULL;
    *out = 0;
    errno = 0;
    const unsigned long value = strtoul(str, &end, 10);
    if (errno == ERANGE || !ends_well(str, end) || negative_wrapped(str, value)) {
        return false;
    }
    *out = (uint32_t)value;
    return true;
}

/* Likewise a long stored in an int32_t: "2147483648" gives INT32_MIN.
 * The conversion goes through uint32_t so it is defined in C. */
bool safe_strtol(const char *str, int32_t *out) {
    char *end = NULL;
    *out = 0;
    errno = 0;
    const long value = strtol(str, &end, 10);
    if (errno == ERANGE || !ends_well(str, end)) {
        return false;
    }
    const uint32_t low = (uint32_t)(unsigned long)value;
    *out = low <= (uint32_t)INT32_MAX ? (int32_t)low : (int32_t)(low - 2147483648u) + INT32_MIN;
    return true;
}

/* strtof sets ERANGE on overflow and on underflow ("1e-50"): both fail. */
bool safe_strtof(const char *str, float *out) {
    char *end = NULL;
    *out = 0;
    errno = 0;
    const float value = strtof(str, &end);
    if (errno == ERANGE || !ends_well(str, end)) {
        return false;
    }
    *out = value;
    return true;
}

/* The byte order of the host decides; x86-64 swaps. */
static uint64_t to_big_endian(uint64_t value) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return value;
#else
    return __builtin_bswap64(value);
#endif
}

uint64_t htonll(uint64_t value) { return to_big_endian(value); }
uint64_t ntohll(uint64_t value) { return to_big_endian(value); }

/* The message is cut at 1023 bytes, as memcached's is; errno is the one
 * the caller saw, not whatever formatting left behind. */
void vperror(const char *fmt, ...) {
    const int saved_errno = errno;
    char message[1024];
    va_list args;
    va_start(args, fmt);
    if (vsnprintf(message, sizeof(message), fmt, args) < 0) {
        message[0] = '\0';
    }
    va_end(args);
    errno = saved_errno;
    perror(message);
}
