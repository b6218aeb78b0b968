// The TFTP root as the administrator named it, followed when it changes: a directory swapped in
// by rename (or a symlink re-pointed), or deleted and re-created. Each request calls refresh(),
// which compares what the path names now with the directory held open (one stat) and reopens
// it when they differ, so files are never served from a directory that is no longer the root.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>

namespace pxescope::tftp {

class RootDirectory {
 public:
  // `label` names the root in messages ("TFTP root", "HTTP root").
  explicit RootDirectory(std::string label = "TFTP root") : label_(std::move(label)) {}
  ~RootDirectory();
  RootDirectory(const RootDirectory&) = delete;
  RootDirectory& operator=(const RootDirectory&) = delete;

  // At start-up (before dropping privileges). false + a one-line error when it is not usable.
  bool open(const std::filesystem::path& path, std::string& error);
  // Makes fd() the directory the path names now. false + error when the path names nothing
  // (deleted, not yet re-created) or no directory. A path the process may no longer look up
  // (privileges dropped) keeps the directory opened before.
  bool refresh(std::string& error);

  int fd() const { return fd_; }
  const std::string& canonical() const { return canonical_; }  // realpath, no trailing '/'

 private:
  bool reopen(std::string& error);

  std::string label_;
  std::filesystem::path path_;
  std::string canonical_;
  int fd_ = -1;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace pxescope::tftp
