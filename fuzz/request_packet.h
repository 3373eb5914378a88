// request_packet.h - turns fuzz bytes into one binary-protocol request packet
// (24-byte header + extras + key + body) as the core hands it to an engine's
// unknown_command: well-formed, with inconsistent length fields, or raw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace enginesim::fuzz {

// What a real memcached core guarantees before it calls unknown_command:
// the buffer always holds the header plus `bodylen` bytes (the core read them
// off the socket), and unless `raw_lengths` is set, keylen + extlen <= bodylen
// (memcached rejects other packets itself). raw_lengths lifts the second
// guarantee for engines that want to survive a core that does not check.
struct FramingRules {
  bool raw_lengths = false;
};

// First byte of `data` chooses the form: 0/3 raw (the rest is the packet,
// bodylen then fixed to the real size), 1 built well-formed from the rest
// with FuzzedDataProvider, 2 built and then given fuzzed keylen/extlen.
std::string build_request_packet(const uint8_t* data, size_t size, const FramingRules& rules);

// "magic=0x80 opcode=0x01 keylen=3 extlen=0 bodylen=8" for messages.
std::string describe_packet(const std::string& packet);

}  // namespace enginesim::fuzz
