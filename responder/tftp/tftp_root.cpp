#include "responder/tftp/tftp_root.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pxescope::tftp {

RootDirectory::~RootDirectory() {
  if (fd_ >= 0) close(fd_);
}

bool RootDirectory::open(const std::filesystem::path& path, std::string& error) {
  path_ = path;
  return reopen(error);
}

bool RootDirectory::reopen(std::string& error) {
  std::error_code ec;
  const auto canonical = std::filesystem::canonical(path_, ec);
  if (ec) {
    error = label_ + " " + path_.string() +
            (ec == std::errc::permission_denied ? ": permission denied" : " does not exist");
    return false;
  }
  if (!std::filesystem::is_directory(canonical, ec)) {
    error = label_ + " " + path_.string() + " is not a directory";
    return false;
  }
  const int fd = ::open(canonical.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct stat info {};
  if (fd < 0 || fstat(fd, &info) != 0) {
    error = "cannot open " + label_ + " " + canonical.string() + ": " + std::strerror(errno);
    if (fd >= 0) close(fd);
    return false;
  }
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
  canonical_ = canonical.string();
  device_ = info.st_dev;
  inode_ = info.st_ino;
  return true;
}

bool RootDirectory::refresh(std::string& error) {
  struct stat now {};
  if (stat(path_.c_str(), &now) != 0) {
    if (errno != ENOENT && errno != ENOTDIR) return fd_ >= 0;  // cannot look: keep what we hold
    error = label_ + " " + path_.string() + " is gone (deleted or renamed); re-create it";
    return false;
  }
  // Same device and inode: the directory we hold (its inode number cannot be reused while our
  // descriptor keeps it alive, even if it was deleted).
  if (now.st_dev == device_ && now.st_ino == inode_) return true;
  return reopen(error);
}

}  // namespace pxescope::tftp
