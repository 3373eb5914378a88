/* vbucket.h - the states a virtual bucket can be in (the set/get vbucket
 * packets of protocol_binary.h carry one). memcached spelled them two ways:
 * the short enumerators (include/memcached/vbucket.h@1b7db444), which
 * engines of the 2010 tree use unqualified, and later the vbucket_state_
 * prefix with is_valid_vbucket_state_t (@8f449322), which the 1.6 default
 * engine uses (engines/default_engine/default_engine.c@1e472de). Which of
 * the two the 1.6.0-beta1 tag shipped is not stored; its profiles declare
 * both, with the same values, so an engine written against either builds. */
#ifndef MEMCACHED_VBUCKET_H
#define MEMCACHED_VBUCKET_H

#include "memcached/abi_profile.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    active = 1, /* this node serves the bucket */
    replica,    /* this node keeps a copy only */
    pending,    /* about to become active */
    dead        /* no longer served; waiting to be deleted */
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    ,
    vbucket_state_active = active,
    vbucket_state_replica = replica,
    vbucket_state_pending = pending,
    vbucket_state_dead = dead
#endif
} vbucket_state_t;

#if MEMCACHED_ABI_HAS_1_6_0_BETA1
#define is_valid_vbucket_state_t(state) \
    (state == vbucket_state_active || state == vbucket_state_replica || \
     state == vbucket_state_pending || state == vbucket_state_dead)
#endif

#ifdef __cplusplus
}
#endif

#endif
