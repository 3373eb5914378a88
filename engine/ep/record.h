// record.h - the on-disk log's format: the file header and one checksummed
// record per set or delete.
//
// File "ep.log" in dbdir: kLogMagic (16 bytes), then records back to back.
// A record, all integers little-endian:
//   offset  size  field
//        0     4  crc32 of bytes [4, length)      (crc32.h)
//        4     4  length of the whole record (header + key + value)
//        8     1  type: 1 = set, 2 = delete
//        9     1  reserved, 0
//       10     2  nkey (1..250)
//       12     4  flags
//       16     8  cas (also the mutation's sequence number)
//       24     8  exptime as an absolute unix time, 0 = never
//       32  nkey  key
//        .     .  value: nbytes = length - 32 - nkey bytes, including the
//                 trailing "\r\n"; empty for a delete
// The last record for a key wins; a delete record means the key is gone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ep {

inline constexpr char kLogMagic[] = "enginesim-ep-v1\n";
inline constexpr size_t kLogMagicBytes = sizeof(kLogMagic) - 1;
static_assert(kLogMagicBytes == 16);
inline constexpr size_t kRecordHeaderBytes = 32;
inline constexpr size_t kKeyMax = 250;
// A bound that rejects garbage lengths before anything is allocated.
inline constexpr size_t kRecordMaxBytes = size_t{1} << 30;

enum class RecordType : uint8_t { Set = 1, Delete = 2 };

struct RecordHeader {
  uint32_t crc = 0;
  uint32_t length = 0;
  RecordType type = RecordType::Set;
  uint16_t nkey = 0;
  uint32_t flags = 0;
  uint64_t cas = 0;
  int64_t exptime_abs = 0;

  size_t value_bytes() const { return length - kRecordHeaderBytes - nkey; }
};

// A whole record in memory.
struct Record {
  RecordHeader header;
  std::string key;
  std::string value;  // including "\r\n"
};

// Appends the encoded record to `out`.
void encode_record(RecordType type, std::string_view key, std::string_view value,
                   uint32_t flags, uint64_t cas, int64_t exptime_abs, std::string* out);
size_t encoded_size(std::string_view key, std::string_view value);

// Parses a header; false when its fields cannot describe a valid record.
bool decode_header(const char* bytes, RecordHeader* header);
// Checks a whole record (`bytes` holds header.length bytes) and fills `out`.
bool decode_record(const char* bytes, const RecordHeader& header, Record* out);

}  // namespace ep
