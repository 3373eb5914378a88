// fault_profile.h - how likely each kind of I/O call of a controlled thread
// is to fail with EIO or ENOSPC or to complete short: the weights of the
// strategy's fault choices (io_faults.h). Parsed from a profile file
// (format in docs/faults.md), or the built-in default of `--faults io`.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace enginesim::sched {

// The wrapped calls, grouped by what a fault does to them.
enum class IoCall : uint8_t {
  open,    // open, openat, fopen (and their 64-bit aliases)
  read,    // read, pread, fread
  write,   // write, pwrite, fwrite, fflush
  sync,    // fsync, fdatasync
  rename,  // rename
  unlink,  // unlink
  close,   // close, fclose (the descriptor is closed either way)
};
inline constexpr size_t kIoCallCount = 7;

// The outcomes a fault choice offers, in option order (0 = no fault).
enum class IoFault : uint8_t { none, eio, enospc, short_transfer };
inline constexpr size_t kIoFaultCount = 4;

const char* to_string(IoCall call);
const char* to_string(IoFault fault);

struct FaultProfile {
  // Probability of each fault per call, in parts per million; the rest is
  // "no fault". Per call the faults' sum is at most 1,000,000.
  static constexpr uint32_t kPpm = 1'000'000;
  std::array<std::array<uint32_t, kIoFaultCount>, kIoCallCount> ppm{};

  uint32_t& at(IoCall call, IoFault fault) {
    return ppm[static_cast<size_t>(call)][static_cast<size_t>(fault)];
  }
  uint32_t at(IoCall call, IoFault fault) const {
    return ppm[static_cast<size_t>(call)][static_cast<size_t>(fault)];
  }
  // Whether any fault of `call` has a non-zero probability.
  bool any(IoCall call) const;
  bool operator==(const FaultProfile&) const = default;
};

// Which faults apply to which calls: short transfers only to read and write,
// ENOSPC only to calls that allocate space (open, write, sync, rename).
bool fault_applies(IoCall call, IoFault fault);

// What `--faults io` uses without `--fault-profile`: every applicable fault
// at a few percent, so that a 10-operation run sees a handful.
FaultProfile default_fault_profile();

// Parses a profile file's text; false with "line N: ..." on an error.
bool parse_fault_profile(const std::string& text, FaultProfile* out, std::string* error);
bool read_fault_profile_file(const std::string& path, FaultProfile* out, std::string* error);
// The text form parse_fault_profile reads back (embedded in schedule files).
std::string format_fault_profile(const FaultProfile& profile);

}  // namespace enginesim::sched
