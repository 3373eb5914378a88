// kvstore.h - KVStore: the on-disk store in dbdir - an append-only log of
// checksummed set/delete records (format in record.h), fsync'd per batch,
// read back by location, scanned by warmup and rewritten by compaction.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "record.h"
#include "rwlock.h"
#include "stored_value.h"

namespace ep {

// A record found by a scan, with where it lies.
struct ScannedRecord {
  Record record;
  DiskLoc loc;
};

// A live record that compaction moved.
struct MovedRecord {
  std::string key;
  DiskLoc from;
  DiskLoc to;
};

// Locks (see the lock order in hash_table.h): write_mutex_ serialises every
// change of the log - appends, tail truncation and compaction - and is held
// across their I/O; the callbacks of append_batch and compact run with it
// held, so that table locations are updated in the same order the log
// changes. file_lock_ guards which files are open: readers share it across
// pread, compaction's swap takes it exclusively (without I/O inside).
class KVStore {
 public:
  static constexpr const char* kLogName = "ep.log";
  static constexpr const char* kCompactName = "ep.log.compact";

  KVStore() = default;
  ~KVStore();
  KVStore(const KVStore&) = delete;
  KVStore& operator=(const KVStore&) = delete;

  // Creates dbdir and the log when missing (durably), removes a leftover
  // compaction file. false (with why) when the directory or log is unusable.
  bool open(const std::string& dir, std::string* why);
  void close();

  // --- warmup -------------------------------------------------------------
  enum class ScanStatus { more, end, torn, io_error };
  // Reads up to `max_records` records from *offset on and advances it.
  // `torn`: the record at *offset is incomplete or fails its checksum.
  // `io_error`: reading failed (EIO...): nothing is known about the record
  // at *offset, so it must not be cut off; try again later.
  ScanStatus scan(uint64_t* offset, size_t max_records, std::vector<ScannedRecord>* out);
  static constexpr uint64_t data_start() { return kLogMagicBytes; }
  // Warmup's last step: the log ends at `end` from now on; a torn tail past
  // it is cut off durably so that appends follow valid records.
  bool set_end(uint64_t end, std::string* why);

  // --- flusher ------------------------------------------------------------
  // Appends the encoded records in one write and fsyncs. Only once the data
  // is durable, calls on_durable(location of each record) with write_mutex_
  // held. false on an I/O error: nothing is reported durable.
  bool append_batch(const std::vector<std::string>& records,
                    const std::function<void(const std::vector<DiskLoc>&)>& on_durable);
  void add_dead(uint64_t bytes) { dead_bytes_.fetch_add(bytes, std::memory_order_relaxed); }

  // --- bg fetch -----------------------------------------------------------
  enum class ReadStatus { ok, stale, failed };
  // Reads the record at `loc`; stale when compaction retired its generation.
  ReadStatus read(const DiskLoc& loc, Record* out);

  // --- compaction (kvstore_compact.cpp) -----------------------------------
  bool should_compact(uint64_t min_dead_bytes) const;
  // Rewrites the log with only the last record of each live key: new file,
  // fsync, rename over the log, fsync the directory; then swaps files and
  // calls on_moved (write_mutex_ held) so the table can follow.
  bool compact(const std::function<void(const std::vector<MovedRecord>&)>& on_moved,
               std::string* why);

  uint64_t file_bytes() const { return end_.load(std::memory_order_relaxed); }
  uint64_t dead_bytes() const { return dead_bytes_.load(std::memory_order_relaxed); }
  uint64_t generation() const { return generation_.load(std::memory_order_relaxed); }
  uint64_t compactions() const { return compactions_.load(std::memory_order_relaxed); }
  uint64_t write_errors() const { return write_errors_.load(std::memory_order_relaxed); }

 private:
  bool create_log(std::string* why);
  // With write_mutex_ held: drops whatever lies past end_ (a failed batch).
  bool cut_tail_UNLOCKED();
  bool sync_dir(std::string* why);
  std::string path(const char* name) const { return dir_ + "/" + name; }
  // compaction's steps (kvstore_compact.cpp)
  struct LiveRecord {
    std::string key;
    DiskLoc loc;
  };
  bool collect_live(std::vector<LiveRecord>* live, std::string* why);
  bool write_compacted(int fd, std::vector<LiveRecord>& live, std::vector<MovedRecord>* moved,
                       uint64_t* end, std::string* why);

  std::string dir_;
  std::mutex write_mutex_;
  RWLock file_lock_;
  int fd_ = -1;      // the log; guarded by file_lock_
  int old_fd_ = -1;  // the previous generation while compaction remaps
  bool tail_dirty_ = false;  // a failed append may have left bytes past end_ (write_mutex_)
  // Compaction renamed the new log in but the directory sync failed: the
  // rename (and so every record in the new file) is not durable until a
  // directory sync succeeds (write_mutex_).
  bool dir_unsynced_ = false;
  std::atomic<uint64_t> generation_{1};
  std::atomic<uint64_t> end_{0};  // where the next record goes
  std::atomic<uint64_t> dead_bytes_{0};
  std::atomic<uint64_t> compactions_{0};
  std::atomic<uint64_t> write_errors_{0};
};

// Whole-buffer positional I/O that retries short transfers; false on an
// error or (reads) an early end of file.
bool pread_full(int fd, char* buf, size_t size, uint64_t offset);
bool pwrite_full(int fd, const char* buf, size_t size, uint64_t offset);

}  // namespace ep
