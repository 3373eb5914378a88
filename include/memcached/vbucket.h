/* vbucket.h - the states a virtual bucket can be in (the set/get vbucket
 * packets of protocol_binary.h carry one). The short enumerator names are
 * memcached's own; engines of that tree use them unqualified. */
#ifndef MEMCACHED_VBUCKET_H
#define MEMCACHED_VBUCKET_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    active = 1, /* this node serves the bucket */
    replica,    /* this node keeps a copy only */
    pending,    /* about to become active */
    dead        /* no longer served; waiting to be deleted */
} vbucket_state_t;

#ifdef __cplusplus
}
#endif

#endif
