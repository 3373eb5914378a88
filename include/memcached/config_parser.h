/* config_parser.h - the "key=value;key=value" configuration parser the core
 * offers engines through SERVER_CORE_API.parse_config. */
#ifndef MEMCACHED_CONFIG_PARSER_H
#define MEMCACHED_CONFIG_PARSER_H

#include <stddef.h>
#include <stdio.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

enum config_datatype {
    DT_SIZE,       /* size_t; enginesim also takes k, m, g (powers of 1024) */
    DT_FLOAT,      /* float */
    DT_BOOL,       /* true/on/false/off, in any case */
    DT_STRING,     /* char*, allocated with malloc; the engine frees it */
    DT_CONFIGFILE  /* a file whose content is parsed with the same items */
};
/* The numbers are ABI: an engine compiled against memcached's own header
 * stores 3 for a string and 4 for a config file in its item table. */

union config_value {
    size_t *dt_size;
    float *dt_float;
    bool *dt_bool;
    char **dt_string;
};

/* One accepted key. The array passed to parse_config ends with key == NULL. */
struct config_item {
    const char *key;
    enum config_datatype datatype;
    union config_value value;
    bool found;
};

/* Returns 0 when every key was known and valid, 1 when an unknown key was
 * seen (and skipped), -1 on an error (described on `error` when not NULL). */
int parse_config(const char *str, struct config_item items[], FILE *error);

#ifdef __cplusplus
}
#endif

#endif
