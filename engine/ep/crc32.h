// crc32.h - CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) of the
// on-disk records.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ep {

// CRC of `size` bytes, continuing from `crc` (0 to start).
uint32_t crc32(const void* data, size_t size, uint32_t crc = 0);

}  // namespace ep
