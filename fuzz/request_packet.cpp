// request_packet.cpp - builds unknown_command request packets from fuzz bytes.
#include "fuzz/request_packet.h"

#include <arpa/inet.h>

#include <cstdio>
#include <cstring>

#include <fuzzer/FuzzedDataProvider.h>

#include "memcached/protocol_binary.h"

namespace enginesim::fuzz {
namespace {

constexpr size_t kHeader = sizeof(protocol_binary_request_header);
static_assert(kHeader == 24, "the binary protocol header is 24 bytes");

// Keys above 250 bytes are invalid in memcached but a packet may carry them.
constexpr size_t kMaxKey = 300;
constexpr size_t kMaxExtras = 40;
constexpr size_t kMaxValue = 8192;

protocol_binary_request_header* header_of(std::string& packet) {
  return reinterpret_cast<protocol_binary_request_header*>(packet.data());
}

// Restores the core's guarantees on whatever the header says.
void frame(std::string& packet, const FramingRules& rules) {
  if (packet.size() < kHeader) packet.resize(kHeader, '\0');
  auto* h = header_of(packet);
  const uint32_t bodylen = static_cast<uint32_t>(packet.size() - kHeader);
  h->request.bodylen = htonl(bodylen);
  if (rules.raw_lengths) return;
  uint32_t extlen = h->request.extlen;
  uint32_t keylen = ntohs(h->request.keylen);
  if (extlen > bodylen) extlen = extlen % (bodylen + 1);
  if (keylen + extlen > bodylen) keylen = keylen % (bodylen - extlen + 1);
  h->request.extlen = static_cast<uint8_t>(extlen);
  h->request.keylen = htons(static_cast<uint16_t>(keylen));
}

std::string build_well_formed(FuzzedDataProvider& fdp) {
  const uint8_t magic = fdp.ConsumeBool() ? PROTOCOL_BINARY_REQ : fdp.ConsumeIntegral<uint8_t>();
  const uint8_t opcode = fdp.ConsumeIntegral<uint8_t>();
  const uint8_t datatype =
      fdp.ConsumeBool() ? PROTOCOL_BINARY_RAW_BYTES : fdp.ConsumeIntegral<uint8_t>();
  const uint16_t vbucket = fdp.ConsumeIntegral<uint16_t>();
  const uint32_t opaque = fdp.ConsumeIntegral<uint32_t>();
  const uint64_t cas = fdp.ConsumeIntegral<uint64_t>();
  const std::string extras =
      fdp.ConsumeBytesAsString(fdp.ConsumeIntegralInRange<size_t>(0, kMaxExtras));
  const std::string key = fdp.ConsumeBytesAsString(fdp.ConsumeIntegralInRange<size_t>(0, kMaxKey));
  const std::string value = fdp.ConsumeBytesAsString(kMaxValue);

  std::string packet(kHeader, '\0');
  auto* h = header_of(packet);
  h->request.magic = magic;
  h->request.opcode = opcode;
  h->request.keylen = htons(static_cast<uint16_t>(key.size()));
  h->request.extlen = static_cast<uint8_t>(extras.size());
  h->request.datatype = datatype;
  h->request.vbucket = htons(vbucket);
  h->request.opaque = opaque;  // opaque is echoed, never interpreted
  h->request.cas = cas;
  packet += extras;
  packet += key;
  packet += value;
  return packet;
}

}  // namespace

std::string build_request_packet(const uint8_t* data, size_t size, const FramingRules& rules) {
  if (size == 0) return std::string(kHeader, '\0');
  const int form = data[0] & 3;
  std::string packet;
  if (form == 1 || form == 2) {
    FuzzedDataProvider fdp(data + 1, size - 1);
    // Length fields are drawn first (from the end of the input) so that the
    // remaining bytes, the payload, are the same whether or not they are used.
    const uint16_t fuzzed_keylen = fdp.ConsumeIntegral<uint16_t>();
    const uint8_t fuzzed_extlen = fdp.ConsumeIntegral<uint8_t>();
    packet = build_well_formed(fdp);
    if (form == 2) {
      header_of(packet)->request.keylen = htons(fuzzed_keylen);
      header_of(packet)->request.extlen = fuzzed_extlen;
    }
  } else {
    packet.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  }
  frame(packet, rules);
  return packet;
}

std::string describe_packet(const std::string& packet) {
  if (packet.size() < kHeader) return "(short packet)";
  protocol_binary_request_header h;
  std::memcpy(&h, packet.data(), kHeader);
  char buf[160];
  std::snprintf(
      buf, sizeof buf,
      "magic=0x%02x opcode=0x%02x keylen=%u extlen=%u datatype=0x%02x bodylen=%u (%zu bytes)",
      h.request.magic, h.request.opcode, ntohs(h.request.keylen), h.request.extlen,
      h.request.datatype, ntohl(h.request.bodylen), packet.size());
  return buf;
}

}  // namespace enginesim::fuzz
