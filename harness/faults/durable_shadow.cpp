// durable_shadow.cpp - tracking durable file contents and directory entries,
// and rewriting the directory to them. I/O here uses the real functions (or
// calls that are not wrapped): the shadow must neither be faulted nor see
// itself.
#include "harness/faults/durable_shadow.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <vector>

#include "harness/faults/real_io.h"

namespace enginesim::sched {
namespace {

std::atomic<DurableShadow*> g_shadow{nullptr};

bool read_all(int fd, std::string* out) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return false;
  out->assign(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < out->size()) {
    const ssize_t n =
        real_io().pread(fd, out->data() + done, out->size() - done, static_cast<off_t>(done));
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  out->resize(done);
  return true;
}

// Regular files in `dir`, in name order.
std::vector<std::string> regular_files(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return names;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    struct stat st {};
    if (::stat((dir + "/" + name).c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      names.push_back(name);
    }
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

DurableShadow::DurableShadow(std::string dir) : dir_(std::move(dir)) {
  struct stat st {};
  if (::stat(dir_.c_str(), &st) == 0) dir_key_ = {st.st_dev, st.st_ino};
  snapshot_all();
}

uint64_t DurableShadow::identity(const FileKey& key, bool fresh) {
  const auto it = ids_.find(key);
  if (it != ids_.end() && !fresh) return it->second;
  const uint64_t id = next_id_++;
  ids_[key] = id;
  return id;
}

void DurableShadow::opened(int fd, bool created) {
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  identity({st.st_dev, st.st_ino}, created);
}

void DurableShadow::synced(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return;
  const FileKey key{st.st_dev, st.st_ino};
  if (S_ISDIR(st.st_mode)) {
    if (key == dir_key_) snapshot_entries();
    return;
  }
  if (!S_ISREG(st.st_mode)) return;
  std::string content;
  if (read_all(fd, &content)) content_[identity(key, false)] = std::move(content);
}

void DurableShadow::snapshot_entries() {
  entries_.clear();
  for (const std::string& name : regular_files(dir_)) {
    struct stat st {};
    if (::stat((dir_ + "/" + name).c_str(), &st) != 0) continue;
    entries_[name] = identity({st.st_dev, st.st_ino}, false);
  }
}

void DurableShadow::snapshot_all() {
  ids_.clear();
  content_.clear();
  snapshot_entries();
  for (const auto& [name, id] : entries_) {
    const int fd = real_io().open((dir_ + "/" + name).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    std::string content;
    if (read_all(fd, &content)) content_[id] = std::move(content);
    real_io().close(fd);
  }
}

std::string DurableShadow::restore() {
  std::string summary;
  const std::vector<std::string> now = regular_files(dir_);
  for (const std::string& name : now) {
    if (entries_.count(name) == 0) summary += name + ": gone (never made durable); ";
  }
  // Read what survives before removing anything (a durable entry may name a
  // file that is now under another name).
  std::map<std::string, std::string> survivors;
  for (const auto& [name, id] : entries_) {
    const auto c = content_.find(id);
    survivors[name] = c == content_.end() ? std::string() : c->second;
  }
  for (const std::string& name : now) real_io().unlink((dir_ + "/" + name).c_str());
  for (const auto& [name, content] : survivors) {
    const int fd =
        real_io().open((dir_ + "/" + name).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) continue;
    size_t done = 0;
    while (done < content.size()) {
      const ssize_t n = real_io().write(fd, content.data() + done, content.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    real_io().close(fd);
    summary += name + ": " + std::to_string(content.size()) + " bytes durable; ";
  }
  if (!summary.empty()) summary.resize(summary.size() - 2);
  snapshot_all();
  return summary.empty() ? "nothing was durable" : summary;
}

void install_durable_shadow(DurableShadow* shadow) { g_shadow.store(shadow); }
DurableShadow* installed_durable_shadow() { return g_shadow.load(); }

}  // namespace enginesim::sched
