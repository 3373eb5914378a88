// coverage_relay.cpp - finding the counter sections and copying them across
// the fork.
#include "fuzz/coverage_relay.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace enginesim::fuzz {
namespace {

bool read_at(int fd, uint64_t offset, void* out, size_t size) {
  return ::pread(fd, out, size, static_cast<off_t>(offset)) == static_cast<ssize_t>(size);
}

// The address range of section `wanted` in the ELF file `path`, relative to
// the module's load base; {0, 0} when the file has no such section.
std::pair<uint64_t, uint64_t> section_in_file(const std::string& path, const char* wanted) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {0, 0};
  std::pair<uint64_t, uint64_t> found{0, 0};
  Elf64_Ehdr eh;
  if (read_at(fd, 0, &eh, sizeof eh) && std::memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
      eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_shentsize == sizeof(Elf64_Shdr) &&
      eh.e_shstrndx < eh.e_shnum) {
    Elf64_Shdr names;
    if (read_at(fd, eh.e_shoff + uint64_t{eh.e_shstrndx} * sizeof(Elf64_Shdr), &names,
                sizeof names)) {
      const size_t wanted_len = std::strlen(wanted) + 1;
      for (uint16_t i = 0; i < eh.e_shnum && found.second == 0; ++i) {
        Elf64_Shdr sh;
        char name[64];
        if (!read_at(fd, eh.e_shoff + uint64_t{i} * sizeof(Elf64_Shdr), &sh, sizeof sh)) break;
        if (sh.sh_name >= names.sh_size || wanted_len > sizeof name) continue;
        if (!read_at(fd, names.sh_offset + sh.sh_name, name, wanted_len)) continue;
        if (std::memcmp(name, wanted, wanted_len) == 0 && (sh.sh_flags & SHF_ALLOC) != 0) {
          found = {sh.sh_addr, sh.sh_size};
        }
      }
    }
  }
  ::close(fd);
  return found;
}

int add_module(dl_phdr_info* info, size_t, void* out) {
  auto* ranges = static_cast<std::vector<CounterRange>*>(out);
  std::string path = info->dlpi_name == nullptr ? "" : info->dlpi_name;
  if (path.empty()) path = "/proc/self/exe";  // the main program
  const auto [addr, size] = section_in_file(path, "__sancov_cntrs");
  if (size != 0) { ranges->push_back({reinterpret_cast<uint8_t*>(info->dlpi_addr + addr), size}); }
  return 0;
}

}  // namespace

std::vector<CounterRange> loaded_counter_ranges() {
  std::vector<CounterRange> ranges;
  ::dl_iterate_phdr(add_module, &ranges);
  return ranges;
}

CoverageRelay::CoverageRelay() : ranges_(loaded_counter_ranges()) {
  for (const CounterRange& r : ranges_) total_ += r.size;
  bytes_ = 1 + total_;
  void* p = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "enginesim-fuzz: cannot map %zu bytes for the coverage relay\n", bytes_);
    std::exit(2);
  }
  shared_ = static_cast<uint8_t*>(p);
}

CoverageRelay::~CoverageRelay() { ::munmap(shared_, bytes_); }

void CoverageRelay::publish() {
  uint8_t* out = shared_ + 1;
  for (const CounterRange& r : ranges_) {
    std::memcpy(out, r.begin, r.size);
    out += r.size;
  }
  __atomic_store_n(shared_, 1, __ATOMIC_RELEASE);
}

void CoverageRelay::collect() {
  if (__atomic_load_n(shared_, __ATOMIC_ACQUIRE) == 0) return;
  const uint8_t* in = shared_ + 1;
  for (const CounterRange& r : ranges_) {
    for (size_t i = 0; i < r.size; ++i) {
      if (in[i] > r.begin[i]) r.begin[i] = in[i];
    }
    in += r.size;
  }
  __atomic_store_n(shared_, 0, __ATOMIC_RELAXED);
}

}  // namespace enginesim::fuzz
