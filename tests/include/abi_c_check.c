/* abi_c_check.c - the headers compile as plain C11 and the ABI holds there too. */
#include <stddef.h>

#include "memcached/engine.h"

_Static_assert(sizeof(ENGINE_HANDLE_V1) == 168, "ENGINE_HANDLE_V1 size");
_Static_assert(offsetof(ENGINE_HANDLE_V1, get_item_info) == 152, "get_item_info offset");
_Static_assert(sizeof(SERVER_HANDLE_V1) == 64, "SERVER_HANDLE_V1 size");
_Static_assert(sizeof(item_info) == 56, "item_info size");

int enginesim_abi_c_check(void) { return (int)sizeof(ENGINE_HANDLE_V1); }
