// hash.h - the server API's hash function (MurmurHash3, x86 32-bit variant).
#pragma once

#include <cstddef>
#include <cstdint>

namespace enginesim {
uint32_t murmur3_32(const void* data, size_t size, uint32_t seed);
}
