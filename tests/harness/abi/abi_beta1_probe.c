/* abi_beta1_probe.c - calls the server API the way an engine built for the
 * 1.6.0-beta1 profile does (compiled with that profile's headers), for
 * test_abi_adapter.cpp. */
#include "memcached/engine.h"

int enginesim_beta1_get_config(GET_SERVER_API api, const char *key, size_t *value, int *found) {
    struct config_item items[] = {
        {.key = key, .datatype = DT_SIZE, .value.dt_size = value},
        {.key = NULL},
    };
    const bool read = api()->core->get_config(items);
    *found = items[0].found;
    return read ? 0 : -1;
}

/* A bool item, then a size item, in one get_config call. */
int enginesim_beta1_get_config_bool_size(GET_SERVER_API api, const char *bool_key, bool *flag,
                                         const char *size_key, size_t *size, int *found) {
    struct config_item items[] = {
        {.key = bool_key, .datatype = DT_BOOL, .value.dt_bool = flag},
        {.key = size_key, .datatype = DT_SIZE, .value.dt_size = size},
        {.key = NULL},
    };
    const bool read = api()->core->get_config(items);
    found[0] = items[0].found;
    found[1] = items[1].found;
    return read ? 0 : -1;
}

void enginesim_beta1_reserve_release(GET_SERVER_API api, const void *cookie) {
    api()->cookie->reserve(cookie);
    api()->cookie->release(cookie);
}

/* The canonical part of the table: the same functions the core offers. */
rel_time_t enginesim_beta1_current_time(GET_SERVER_API api) {
    return api()->core->get_current_time();
}
