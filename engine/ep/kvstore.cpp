// kvstore.cpp - opening the log, appends, reads by location and scans.
#include "kvstore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "check.h"
#include "lock_holders.h"

namespace ep {

bool pread_full(int fd, char* buf, size_t size, uint64_t offset) {
  while (size > 0) {
    const ssize_t n = ::pread(fd, buf, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buf += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

bool pwrite_full(int fd, const char* buf, size_t size, uint64_t offset) {
  while (size > 0) {
    const ssize_t n = ::pwrite(fd, buf, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buf += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

KVStore::~KVStore() { close(); }

bool KVStore::sync_dir(std::string* why) {
  const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    *why = "cannot open dbdir " + dir_ + ": " + std::strerror(errno);
    return false;
  }
  const bool ok = ::fsync(dfd) == 0;
  if (!ok) *why = "fsync of dbdir " + dir_ + " failed: " + std::strerror(errno);
  ::close(dfd);
  return ok;
}

bool KVStore::create_log(std::string* why) {
  // Header written to a fresh file, fsync'd, then the directory: a crash
  // leaves either no log or a log with a complete header.
  if (!pwrite_full(fd_, kLogMagic, kLogMagicBytes, 0) || ::fsync(fd_) != 0) {
    *why = "cannot write the log header in " + dir_ + ": " + std::strerror(errno);
    return false;
  }
  return sync_dir(why);
}

bool KVStore::open(const std::string& dir, std::string* why) {
  EP_CHECK(fd_ < 0);
  dir_ = dir;
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    *why = "cannot create dbdir " + dir + ": " + std::strerror(errno);
    return false;
  }
  ::unlink(path(kCompactName).c_str());  // an interrupted compaction's output
  fd_ = ::open(path(kLogName).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    *why = "cannot open " + path(kLogName) + ": " + std::strerror(errno) +
           "; check that dbdir is a writable directory";
    return false;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    *why = "cannot stat " + path(kLogName) + ": " + std::strerror(errno);
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) < kLogMagicBytes) {
    // Empty, or a header torn by a crash during creation: nothing was ever
    // stored, so starting over loses nothing.
    if (::ftruncate(fd_, 0) != 0 || !create_log(why)) return false;
    end_ = kLogMagicBytes;
    return true;
  }
  char magic[kLogMagicBytes];
  if (!pread_full(fd_, magic, kLogMagicBytes, 0) ||
      std::memcmp(magic, kLogMagic, kLogMagicBytes) != 0) {
    *why = path(kLogName) + " is not an ep engine log (bad header); point dbdir elsewhere";
    return false;
  }
  end_ = static_cast<uint64_t>(st.st_size);  // warmup's scan decides the real end
  return true;
}

void KVStore::close() {
  std::lock_guard<std::mutex> write(write_mutex_);
  WriterLockHolder files(file_lock_);
  if (fd_ >= 0) ::close(fd_);
  if (old_fd_ >= 0) ::close(old_fd_);
  fd_ = old_fd_ = -1;
}

KVStore::ScanStatus KVStore::scan(uint64_t* offset, size_t max_records,
                                  std::vector<ScannedRecord>* out) {
  ReaderLockHolder files(file_lock_);
  EP_CHECK(fd_ >= 0);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return ScanStatus::io_error;
  const auto size = static_cast<uint64_t>(st.st_size);
  std::string buffer;
  for (size_t n = 0; n < max_records; ++n) {
    if (*offset == size) return ScanStatus::end;
    char head[kRecordHeaderBytes];
    RecordHeader header;
    if (*offset + kRecordHeaderBytes > size) return ScanStatus::torn;
    // Within the file's size a failed read is an I/O error, not a torn
    // record: cutting the log there would destroy durable records.
#ifdef ES_MUTANT_EP_WARMUP_CUTS_ON_READ_ERROR
    // MUTANT: a failed read counts as a torn record: warmup cuts the log there.
    if (!pread_full(fd_, head, sizeof head, *offset)) return ScanStatus::torn;
#endif
    if (!pread_full(fd_, head, sizeof head, *offset)) return ScanStatus::io_error;
    if (!decode_header(head, &header) || *offset + header.length > size) {
      return ScanStatus::torn;
    }
    buffer.resize(header.length);
    ScannedRecord scanned;
#ifdef ES_MUTANT_EP_WARMUP_CUTS_ON_READ_ERROR
    if (!pread_full(fd_, buffer.data(), header.length, *offset)) return ScanStatus::torn;
#endif
    if (!pread_full(fd_, buffer.data(), header.length, *offset)) return ScanStatus::io_error;
    if (!decode_record(buffer.data(), header, &scanned.record)) return ScanStatus::torn;
    scanned.loc = DiskLoc{generation(), *offset, header.length};
    out->push_back(std::move(scanned));
    *offset += header.length;
  }
  return *offset == size ? ScanStatus::end : ScanStatus::more;
}

bool KVStore::set_end(uint64_t end, std::string* why) {
  std::lock_guard<std::mutex> write(write_mutex_);
  EP_CHECK(end >= kLogMagicBytes);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    *why = "cannot stat " + path(kLogName) + ": " + std::strerror(errno);
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) > end) {
    if (::ftruncate(fd_, static_cast<off_t>(end)) != 0 || ::fsync(fd_) != 0) {
      *why = "cannot cut the torn tail of " + path(kLogName) + ": " + std::strerror(errno);
      return false;
    }
  }
  end_ = end;
  return true;
}

bool KVStore::append_batch(const std::vector<std::string>& records,
                           const std::function<void(const std::vector<DiskLoc>&)>& on_durable) {
  std::lock_guard<std::mutex> write(write_mutex_);
  EP_CHECK(fd_ >= 0);
  std::string batch;
  std::vector<DiskLoc> locs;
  uint64_t offset = end_.load(std::memory_order_relaxed);
  for (const std::string& record : records) {
    locs.push_back(DiskLoc{generation(), offset, static_cast<uint32_t>(record.size())});
    offset += record.size();
    batch += record;
  }
  // A failed write or fsync may leave whole records of this batch past
  // end_. They must go before anything else is appended: a later, shorter
  // batch could leave one of them intact behind it, and warmup would load a
  // version that was never acknowledged as durable (or was deleted since).
  if (tail_dirty_ && !cut_tail_UNLOCKED()) {
    write_errors_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  std::string why;
  if (!pwrite_full(fd_, batch.data(), batch.size(), end_) || ::fsync(fd_) != 0 ||
      (dir_unsynced_ && !sync_dir(&why))) {
    // (A compaction's rename that is not yet durable would take the new
    // file, and this batch in it, away in a crash: not durable either.)
    write_errors_.fetch_add(1, std::memory_order_relaxed);
    tail_dirty_ = true;
    cut_tail_UNLOCKED();
    return false;
  }
  dir_unsynced_ = false;
  end_.store(offset, std::memory_order_relaxed);
  on_durable(locs);
  return true;
}

bool KVStore::cut_tail_UNLOCKED() {
  if (::ftruncate(fd_, static_cast<off_t>(end_.load())) != 0 || ::fsync(fd_) != 0) return false;
  tail_dirty_ = false;
  return true;
}

KVStore::ReadStatus KVStore::read(const DiskLoc& loc, Record* out) {
  ReaderLockHolder files(file_lock_);
  int fd = -1;
  if (loc.generation == generation()) {
    fd = fd_;
  } else if (loc.generation + 1 == generation() && old_fd_ >= 0) {
    fd = old_fd_;  // compaction is still remapping locations to the new file
  } else {
    return ReadStatus::stale;
  }
  if (fd < 0 || loc.length < kRecordHeaderBytes) return ReadStatus::failed;
  std::string buffer(loc.length, '\0');
  RecordHeader header;
  if (!pread_full(fd, buffer.data(), loc.length, loc.offset) ||
      !decode_header(buffer.data(), &header) || header.length != loc.length ||
      !decode_record(buffer.data(), header, out)) {
    return ReadStatus::failed;
  }
  return ReadStatus::ok;
}

bool KVStore::should_compact(uint64_t min_dead_bytes) const {
  const uint64_t dead = dead_bytes();
  return dead >= min_dead_bytes && dead * 2 >= file_bytes();
}

}  // namespace ep
