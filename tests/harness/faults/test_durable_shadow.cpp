// test_durable_shadow.cpp - what survives a crash in the shadow's model: a
// file's content as of its last fsync, directory entries as of the
// directory's last fsync, and nothing else.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "enginesim/text_file.h"
#include "harness/faults/durable_shadow.h"
#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::sched {
namespace {

std::string slurp(const std::string& path) { return read_text_file(path).value_or("<missing>"); }

class Shadow : public ::testing::Test {
 protected:
  std::string path(const char* name) const { return dir_.path() + "/" + name; }
  // Opens (creating) `name` and tells the shadow, as the open wrapper does.
  int create(DurableShadow& shadow, const char* name) {
    const bool existed = ::access(path(name).c_str(), F_OK) == 0;
    const int fd = ::open(path(name).c_str(), O_RDWR | O_CREAT, 0644);
    EXPECT_GE(fd, 0);
    shadow.opened(fd, !existed);
    return fd;
  }
  void write(int fd, const std::string& text) {
    ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void sync(DurableShadow& shadow, int fd) {
    ASSERT_EQ(::fsync(fd), 0);
    shadow.synced(fd);
  }
  void sync_dir(DurableShadow& shadow) {
    const int fd = ::open(dir_.path().c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0);
    sync(shadow, fd);
    ::close(fd);
  }
  TempDir dir_;
};

TEST_F(Shadow, WhatWasThereAtTheStartIsDurable) {
  std::ofstream(path("old")) << "before";
  DurableShadow shadow(dir_.path());
  const int fd = ::open(path("old").c_str(), O_RDWR | O_APPEND);
  shadow.opened(fd, false);
  write(fd, "+unsynced");
  ::close(fd);
  shadow.restore();
  EXPECT_EQ(slurp(path("old")), "before");
}

TEST_F(Shadow, ContentCountsFromItsFsyncAndEntriesFromTheDirectorysFsync) {
  DurableShadow shadow(dir_.path());
  const int a = create(shadow, "a");
  write(a, "synced");
  sync(shadow, a);
  write(a, "+lost");
  const int b = create(shadow, "b");  // its entry is never made durable
  write(b, "data");
  sync(shadow, b);
  EXPECT_EQ(slurp(path("a")), "synced+lost");
  sync_dir(shadow);                   // now "a" and "b" exist durably
  const int c = create(shadow, "c");  // created after the directory sync
  write(c, "c");
  sync(shadow, c);
  const std::string summary = shadow.restore();
  EXPECT_EQ(slurp(path("a")), "synced");
  EXPECT_EQ(slurp(path("b")), "data");
  EXPECT_EQ(slurp(path("c")), "<missing>");
  EXPECT_NE(summary.find("c: gone"), std::string::npos) << summary;
  ::close(a);
  ::close(b);
  ::close(c);
}

TEST_F(Shadow, ARenameCountsOnlyOnceTheDirectoryIsSynced) {
  DurableShadow shadow(dir_.path());
  const int log = create(shadow, "log");
  write(log, "old");
  sync(shadow, log);
  sync_dir(shadow);
  const int tmp = create(shadow, "log.tmp");
  write(tmp, "new");
  sync(shadow, tmp);
  ASSERT_EQ(::rename(path("log.tmp").c_str(), path("log").c_str()), 0);
  write(tmp, "+appended");  // appended to the renamed file and synced
  sync(shadow, tmp);
  shadow.restore();  // the rename was never made durable: the old log is back
  EXPECT_EQ(slurp(path("log")), "old");
  EXPECT_EQ(slurp(path("log.tmp")), "<missing>");
  ::close(log);
  ::close(tmp);
}

TEST_F(Shadow, ASyncedRenameKeepsTheNewFileWithItsSyncedContent) {
  DurableShadow shadow(dir_.path());
  const int log = create(shadow, "log");
  write(log, "old");
  sync(shadow, log);
  sync_dir(shadow);
  const int tmp = create(shadow, "log.tmp");
  write(tmp, "new");
  sync(shadow, tmp);
  ASSERT_EQ(::rename(path("log.tmp").c_str(), path("log").c_str()), 0);
  sync_dir(shadow);
  write(tmp, "+synced");
  sync(shadow, tmp);
  write(tmp, "+lost");
  shadow.restore();
  EXPECT_EQ(slurp(path("log")), "new+synced");
  // Restored state is the new durable baseline.
  const int again = ::open(path("log").c_str(), O_RDWR | O_APPEND);
  shadow.opened(again, false);
  write(again, "+x");
  shadow.restore();
  EXPECT_EQ(slurp(path("log")), "new+synced");
  ::close(log);
  ::close(tmp);
  ::close(again);
}

}  // namespace
}  // namespace enginesim::sched
