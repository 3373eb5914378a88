// durable_shadow.h - what of an engine's data directory would survive a
// power loss: for `--faults crash`, the file wrappers report every file a
// controlled thread opens or syncs, and the shadow keeps the durable state:
//   - a file's content counts once fsync/fdatasync of it returned (the
//     content at that moment; later writes, truncations are not durable);
//   - the directory's entries (names -> files, so creations, renames and
//     unlinks) count once the directory itself was fsync'ed;
//   - a file whose entry is durable but whose content never was is empty.
// restore() rewrites the directory to exactly that state. The directory is
// flat: subdirectories are neither tracked nor touched.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace enginesim::sched {

class DurableShadow {
 public:
  // Everything in `dir` now counts as durable.
  explicit DurableShadow(std::string dir);

  const std::string& dir() const { return dir_; }

  // For the wrappers (controlled threads only): a descriptor was opened;
  // `created`: the file did not exist before this open.
  void opened(int fd, bool created);
  // fsync/fdatasync of `fd` returned 0.
  void synced(int fd);

  // Rewrites the directory to its durable state (without the wrappers);
  // returns a one-line summary ("ep.log: 4096 of 5120 bytes durable; ...").
  // Afterwards everything in it counts as durable again.
  std::string restore();

 private:
  using FileKey = std::pair<dev_t, ino_t>;
  uint64_t identity(const FileKey& key, bool fresh);
  void snapshot_entries();
  void snapshot_all();

  std::string dir_;
  FileKey dir_key_{};
  uint64_t next_id_ = 1;
  std::map<FileKey, uint64_t> ids_;          // the file an inode is now
  std::map<uint64_t, std::string> content_;  // file -> durable content
  std::map<std::string, uint64_t> entries_;  // durable name -> file
};

// The shadow the wrappers report to (null: none, the default).
void install_durable_shadow(DurableShadow* shadow);
DurableShadow* installed_durable_shadow();

}  // namespace enginesim::sched
