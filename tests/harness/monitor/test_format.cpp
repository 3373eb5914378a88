// test_format.cpp - the monitor's argument printing (harness/monitor/format.h).
#include <cstdint>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "harness/monitor/format.h"

namespace enginesim {
namespace {

std::string printf_pointer(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", p);
  return buf;
}

// Call records printed a pointer with "%p" until it went without printf;
// reports and recorded outputs keep the same text.
TEST(MonitorFormat, PointerPrintsWhatPercentPPrints) {
  int local = 0;
  const void* samples[] = {nullptr,
                           &local,
                           reinterpret_cast<const void*>(uintptr_t{1}),
                           reinterpret_cast<const void*>(uintptr_t{0xabcdef}),
                           reinterpret_cast<const void*>(~uintptr_t{0}),
                           reinterpret_cast<const void*>(uintptr_t{0x7f0011223344})};
  for (const void* p : samples) EXPECT_EQ(monitor_format::pointer(p), printf_pointer(p));
}

}  // namespace
}  // namespace enginesim
