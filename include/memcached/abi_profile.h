/* abi_profile.h - which release's layout of the version-1 interface these
 * headers describe. The interface number stayed 1 while its structs changed;
 * define MEMCACHED_ABI_PROFILE before including any memcached header (or with
 * -D) to build an engine for another release:
 *   MEMCACHED_ABI_TUTORIAL_2010 (default) - the engine tutorial's layout;
 *   MEMCACHED_ABI_1_6_0_BETA1             - memcached 1.6.0-beta1:
 *       ENGINE_HANDLE_V1.destroy(handle, force), SERVER_CORE_API.get_config
 *       after shutdown, SERVER_COOKIE_API.reserve/release after
 *       set_tap_nack_mode.
 *   MEMCACHED_ABI_MYSQL                   - MySQL's daemon_memcached copy of
 *       1.6.0-beta1: all of the above, and ENGINE_HANDLE_V1 gains bind right
 *       after remove and clean_engine right after release.
 * `enginesim --abi NAME` drives an engine built for that profile. */
#ifndef MEMCACHED_ABI_PROFILE_H
#define MEMCACHED_ABI_PROFILE_H

#define MEMCACHED_ABI_TUTORIAL_2010 1
#define MEMCACHED_ABI_1_6_0_BETA1 2
#define MEMCACHED_ABI_MYSQL 3

#ifndef MEMCACHED_ABI_PROFILE
#define MEMCACHED_ABI_PROFILE MEMCACHED_ABI_TUTORIAL_2010
#endif

#if MEMCACHED_ABI_PROFILE != MEMCACHED_ABI_TUTORIAL_2010 && \
    MEMCACHED_ABI_PROFILE != MEMCACHED_ABI_1_6_0_BETA1 && MEMCACHED_ABI_PROFILE != MEMCACHED_ABI_MYSQL
#error "MEMCACHED_ABI_PROFILE must be MEMCACHED_ABI_TUTORIAL_2010, MEMCACHED_ABI_1_6_0_BETA1 or MEMCACHED_ABI_MYSQL"
#endif

/* The 1.6.0-beta1 changes, which MySQL's copy has too. */
#define MEMCACHED_ABI_HAS_1_6_0_BETA1 \
    (MEMCACHED_ABI_PROFILE == MEMCACHED_ABI_1_6_0_BETA1 || MEMCACHED_ABI_PROFILE == MEMCACHED_ABI_MYSQL)

#endif
