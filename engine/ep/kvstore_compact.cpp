// kvstore_compact.cpp - KVStore::compact: rewriting the log with only its
// live records, crash-safely (new file, fsync, rename, fsync the directory).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "check.h"
#include "decimal.h"
#include "kvstore.h"
#include "lock_holders.h"

namespace ep {

bool KVStore::collect_live(std::vector<LiveRecord>* live, std::string* why) {
  std::map<std::string, DiskLoc, std::less<>> last;  // key -> its last set record
  const uint64_t end = end_.load(std::memory_order_relaxed);
  uint64_t offset = data_start();
  while (offset < end) {
    char head[kRecordHeaderBytes];
    RecordHeader header;
    if (!pread_full(fd_, head, sizeof head, offset) || !decode_header(head, &header) ||
        offset + header.length > end) {
      *why = "unreadable record header at offset " + decimal_string(offset);
      return false;
    }
    std::string key(header.nkey, '\0');
    if (!pread_full(fd_, key.data(), key.size(), offset + kRecordHeaderBytes)) {
      *why = "unreadable key at offset " + decimal_string(offset);
      return false;
    }
    if (header.type == RecordType::Set) {
      last[key] = DiskLoc{generation(), offset, header.length};
    } else {
      last.erase(key);
    }
    offset += header.length;
  }
  for (auto& [key, loc] : last) live->push_back(LiveRecord{key, loc});
  // Log order: the new file keeps the old one's relative order.
  std::sort(live->begin(), live->end(),
            [](const LiveRecord& a, const LiveRecord& b) { return a.loc.offset < b.loc.offset; });
  return true;
}

bool KVStore::write_compacted(int fd, std::vector<LiveRecord>& live,
                              std::vector<MovedRecord>* moved, uint64_t* end, std::string* why) {
  constexpr size_t kChunkBytes = size_t{1} << 20;
  std::string chunk(kLogMagic, kLogMagicBytes);
  uint64_t chunk_offset = 0;
  uint64_t offset = kLogMagicBytes;
  std::string record;
  for (LiveRecord& rec : live) {
    record.resize(rec.loc.length);
    RecordHeader header;
    Record checked;
    // Every copied record is verified: compaction must not launder a
    // corrupt record into a file that has a valid checksum for it.
    if (!pread_full(fd_, record.data(), record.size(), rec.loc.offset) ||
        !decode_header(record.data(), &header) || !decode_record(record.data(), header, &checked)) {
      *why = "record at offset " + decimal_string(rec.loc.offset) + " fails its checksum";
      return false;
    }
    moved->push_back(MovedRecord{std::move(rec.key), rec.loc,
                                 DiskLoc{generation() + 1, offset, rec.loc.length}});
    chunk += record;
    offset += record.size();
    if (chunk.size() >= kChunkBytes) {
      if (!pwrite_full(fd, chunk.data(), chunk.size(), chunk_offset)) break;
      chunk_offset += chunk.size();
      chunk.clear();
    }
  }
  if (!pwrite_full(fd, chunk.data(), chunk.size(), chunk_offset) || ::fsync(fd) != 0) {
    *why = std::string("writing the compacted log failed: ") + std::strerror(errno);
    return false;
  }
  EP_CHECK(chunk_offset + chunk.size() == offset);
  *end = offset;
  return true;
}

bool KVStore::compact(const std::function<void(const std::vector<MovedRecord>&)>& on_moved,
                      std::string* why) {
  std::lock_guard<std::mutex> write(write_mutex_);
  if (fd_ < 0) return false;
  std::vector<LiveRecord> live;
  if (!collect_live(&live, why)) return false;
  const std::string tmp = path(kCompactName);
  const int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *why = "cannot create " + tmp + ": " + std::strerror(errno);
    return false;
  }
  std::vector<MovedRecord> moved;
  uint64_t end = 0;
  if (!write_compacted(fd, live, &moved, &end, why) ||
      ::rename(tmp.c_str(), path(kLogName).c_str()) != 0) {
    if (why->empty()) *why = "rename of the compacted log failed: " + std::string(std::strerror(errno));
    ::close(fd);
    ::unlink(tmp.c_str());
    return false;
  }
  // From the rename on, the log's name means the new file: appends must go
  // there even if the directory sync fails (then the rename may not survive
  // a crash, and the old file - a superset of the live data - comes back).
  const bool dir_synced = sync_dir(why);
  {
    WriterLockHolder files(file_lock_);
    old_fd_ = fd_;
    fd_ = fd;
    generation_.fetch_add(1, std::memory_order_relaxed);
    end_.store(end, std::memory_order_relaxed);
    dead_bytes_.store(0, std::memory_order_relaxed);
    tail_dirty_ = false;  // the new file ends at end_
#ifndef ES_MUTANT_EP_COMPACTION_IGNORES_DIR_SYNC
    dir_unsynced_ = !dir_synced;  // appends retry the directory sync first
#else
    // MUTANT: appends to the new file count as durable although its rename
    // may not survive a crash (records written since compaction are lost).
    (void)dir_synced;
#endif
  }
  on_moved(moved);
  {
    WriterLockHolder files(file_lock_);
    ::close(old_fd_);
    old_fd_ = -1;
  }
  compactions_.fetch_add(1, std::memory_order_relaxed);
  return dir_synced;
}

}  // namespace ep
