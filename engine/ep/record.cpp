// record.cpp - encoding and validating log records.
#include "record.h"

#include <bit>
#include <cstring>

#include "check.h"
#include "crc32.h"

namespace ep {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the log is written in host order, which must be little-endian");

template <class T>
void put(std::string* out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out->append(bytes, sizeof(T));
}

template <class T>
T get(const char* bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

}  // namespace

size_t encoded_size(std::string_view key, std::string_view value) {
  return kRecordHeaderBytes + key.size() + value.size();
}

void encode_record(RecordType type, std::string_view key, std::string_view value,
                   uint32_t flags, uint64_t cas, int64_t exptime_abs, std::string* out) {
  EP_CHECK(!key.empty() && key.size() <= kKeyMax);
  EP_CHECK(type == RecordType::Set || value.empty());
  const size_t length = encoded_size(key, value);
  EP_CHECK(length <= kRecordMaxBytes);
  const size_t start = out->size();
  put<uint32_t>(out, 0);  // crc, filled in below
  put<uint32_t>(out, static_cast<uint32_t>(length));
  put<uint8_t>(out, static_cast<uint8_t>(type));
  put<uint8_t>(out, 0);
  put<uint16_t>(out, static_cast<uint16_t>(key.size()));
  put<uint32_t>(out, flags);
  put<uint64_t>(out, cas);
  put<int64_t>(out, exptime_abs);
  out->append(key);
  out->append(value);
  EP_CHECK(out->size() - start == length);
  const uint32_t crc = crc32(out->data() + start + 4, length - 4);
  std::memcpy(out->data() + start, &crc, sizeof crc);
}

bool decode_header(const char* bytes, RecordHeader* header) {
  header->crc = get<uint32_t>(bytes);
  header->length = get<uint32_t>(bytes + 4);
  const uint8_t type = get<uint8_t>(bytes + 8);
  header->nkey = get<uint16_t>(bytes + 10);
  header->flags = get<uint32_t>(bytes + 12);
  header->cas = get<uint64_t>(bytes + 16);
  header->exptime_abs = get<int64_t>(bytes + 24);
  if (type != 1 && type != 2) return false;
  header->type = static_cast<RecordType>(type);
  if (header->nkey == 0 || header->nkey > kKeyMax) return false;
  if (header->length < kRecordHeaderBytes + header->nkey) return false;
  if (header->length > kRecordMaxBytes) return false;
  if (header->type == RecordType::Delete && header->value_bytes() != 0) return false;
  return true;
}

bool decode_record(const char* bytes, const RecordHeader& header, Record* out) {
  if (crc32(bytes + 4, header.length - 4) != header.crc) return false;
  out->header = header;
  out->key.assign(bytes + kRecordHeaderBytes, header.nkey);
  out->value.assign(bytes + kRecordHeaderBytes + header.nkey, header.value_bytes());
  return true;
}

}  // namespace ep
