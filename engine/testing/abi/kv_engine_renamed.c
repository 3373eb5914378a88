/* kv_engine_renamed.c - the example kv_engine with its create_instance named
 * kv_create_instance, for abi_mysql_kv.c to wrap. */
#define create_instance kv_create_instance
#include "../../../examples/kv_engine/kv_engine.c"
