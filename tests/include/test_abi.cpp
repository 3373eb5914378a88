// test_abi.cpp - pins the engine interface v1 ABI (x86-64) so it can never
// drift silently.
#include <gtest/gtest.h>

#include <cstddef>

#include "memcached/engine.h"

namespace {

TEST(Abi, EngineHandle) {
  EXPECT_EQ(sizeof(ENGINE_HANDLE), 8u);
  EXPECT_EQ(sizeof(ENGINE_HANDLE_V1), 168u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, interface), 0u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, get_info), 8u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, initialize), 16u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, destroy), 24u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, allocate), 32u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, remove), 40u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, release), 48u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, get), 56u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, store), 64u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, arithmetic), 72u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, flush), 80u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, get_stats), 88u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, reset_stats), 96u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, get_stats_struct), 104u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, aggregate_stats), 112u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, unknown_command), 120u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, tap_notify), 128u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, get_tap_iterator), 136u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, item_set_cas), 144u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, get_item_info), 152u);
  EXPECT_EQ(offsetof(ENGINE_HANDLE_V1, errinfo), 160u);
}

TEST(Abi, ServerHandle) {
  EXPECT_EQ(sizeof(SERVER_HANDLE_V1), 64u);
  EXPECT_EQ(offsetof(SERVER_HANDLE_V1, core), 8u);
  EXPECT_EQ(offsetof(SERVER_HANDLE_V1, stat), 16u);
  EXPECT_EQ(offsetof(SERVER_HANDLE_V1, extension), 24u);
  EXPECT_EQ(offsetof(SERVER_HANDLE_V1, callback), 32u);
  EXPECT_EQ(offsetof(SERVER_HANDLE_V1, engine), 40u);
  EXPECT_EQ(offsetof(SERVER_HANDLE_V1, log), 48u);
  EXPECT_EQ(offsetof(SERVER_HANDLE_V1, cookie), 56u);
  EXPECT_EQ(sizeof(SERVER_CORE_API), 7 * sizeof(void*));
  EXPECT_EQ(offsetof(SERVER_CORE_API, abstime), 16u);
  EXPECT_EQ(offsetof(SERVER_CORE_API, shutdown), 48u);
  EXPECT_EQ(sizeof(SERVER_STAT_API), 3 * sizeof(void*));
  EXPECT_EQ(sizeof(SERVER_EXTENSION_API), 3 * sizeof(void*));
  EXPECT_EQ(sizeof(SERVER_CALLBACK_API), 2 * sizeof(void*));
  EXPECT_EQ(sizeof(SERVER_LOG_API), 3 * sizeof(void*));
  EXPECT_EQ(sizeof(SERVER_COOKIE_API), 6 * sizeof(void*));
  EXPECT_EQ(offsetof(SERVER_COOKIE_API, notify_io_complete), 32u);
}

TEST(Abi, ItemInfo) {
  EXPECT_EQ(sizeof(item_info), 56u);
  EXPECT_EQ(offsetof(item_info, cas), 0u);
  EXPECT_EQ(offsetof(item_info, exptime), 8u);
  EXPECT_EQ(offsetof(item_info, nbytes), 12u);
  EXPECT_EQ(offsetof(item_info, flags), 16u);
  EXPECT_EQ(offsetof(item_info, clsid), 20u);
  EXPECT_EQ(offsetof(item_info, nkey), 22u);
  EXPECT_EQ(offsetof(item_info, nvalue), 24u);
  EXPECT_EQ(offsetof(item_info, key), 32u);
  EXPECT_EQ(offsetof(item_info, value), 40u);
  EXPECT_EQ(sizeof(engine_info), 32u);  // 8 + 4 (+4 padding) + 16
  EXPECT_EQ(sizeof(feature_info), 16u);
  EXPECT_EQ(sizeof(protocol_binary_request_header), 24u);
  EXPECT_EQ(sizeof(protocol_binary_response_header), 24u);
}

TEST(Abi, EnumValues) {
  EXPECT_EQ(ENGINE_SUCCESS, 0x00);
  EXPECT_EQ(ENGINE_KEY_ENOENT, 0x01);
  EXPECT_EQ(ENGINE_KEY_EEXISTS, 0x02);
  EXPECT_EQ(ENGINE_ENOMEM, 0x03);
  EXPECT_EQ(ENGINE_NOT_STORED, 0x04);
  EXPECT_EQ(ENGINE_EINVAL, 0x05);
  EXPECT_EQ(ENGINE_ENOTSUP, 0x06);
  EXPECT_EQ(ENGINE_EWOULDBLOCK, 0x07);
  EXPECT_EQ(ENGINE_E2BIG, 0x08);
  EXPECT_EQ(ENGINE_WANT_MORE, 0x09);
  EXPECT_EQ(ENGINE_DISCONNECT, 0x0a);
  EXPECT_EQ(ENGINE_EACCESS, 0x0b);
  EXPECT_EQ(ENGINE_NOT_MY_VBUCKET, 0x0c);
  EXPECT_EQ(ENGINE_TMPFAIL, 0x0d);
  EXPECT_EQ(ENGINE_FAILED, 0xff);
  EXPECT_EQ(OPERATION_ADD, 1);
  EXPECT_EQ(OPERATION_SET, 2);
  EXPECT_EQ(OPERATION_REPLACE, 3);
  EXPECT_EQ(OPERATION_APPEND, 4);
  EXPECT_EQ(OPERATION_PREPEND, 5);
  EXPECT_EQ(OPERATION_CAS, 6);
  EXPECT_EQ(ON_CONNECT, 0);
  EXPECT_EQ(ON_LOG_LEVEL, 4);
  EXPECT_EQ(ENGINE_FEATURE_CAS, 0);
  EXPECT_EQ(ENGINE_FEATURE_VBUCKET, 6);
  EXPECT_EQ(EXTENSION_DAEMON, 0);
  EXPECT_EQ(EXTENSION_LOGGER, 1);
  EXPECT_EQ(EXTENSION_ASCII_PROTOCOL, 2);
  EXPECT_EQ(PROTOCOL_BINARY_REQ, 0x80);
  EXPECT_EQ(PROTOCOL_BINARY_RES, 0x81);
}

}  // namespace

extern "C" size_t enginesim_abi_beta1_core_api_size(void);

namespace {
// abi_beta1_check.c pins the 1.6.0-beta1 layout with static asserts; this
// only shows the two builds of the headers differ where they should.
TEST(AbiProfiles, Beta1CoreApiHasGetConfig) {
  EXPECT_EQ(sizeof(SERVER_CORE_API), 56u);
  EXPECT_EQ(enginesim_abi_beta1_core_api_size(), 64u);
}
}  // namespace

extern "C" size_t enginesim_abi_mysql_engine_handle_size(void);

namespace {
TEST(AbiProfiles, MysqlEngineHandleHasBindAndCleanEngine) {
  EXPECT_EQ(enginesim_abi_mysql_engine_handle_size(), sizeof(ENGINE_HANDLE_V1) + 16);
}
}  // namespace

extern "C" int enginesim_abi_pins_tutorial(void);
extern "C" int enginesim_abi_pins_beta1(void);

extern "C" int abi_pins_testapp_used(void);

namespace {
// abi_pins.c fails to compile when any pinned value, size or offset moves;
// this only shows both profiles' builds of it are in the binary.
TEST(AbiPins, BuiltForTutorialAndBeta1) {
  EXPECT_EQ(enginesim_abi_pins_tutorial(), 1);
  EXPECT_EQ(enginesim_abi_pins_beta1(), 1);
}
// abi_pins_testapp.c: include/memcached/engine_testapp.h against memcached's.
TEST(AbiPins, EngineTestappHeader) { EXPECT_EQ(abi_pins_testapp_used(), 1); }
}  // namespace
