#include "responder/lease_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace pxescope::responder {
namespace {

namespace fs = std::filesystem;

// Creates the default directory when missing, owned by the serving user (mode 0750: leases
// name every client). An existing one is left exactly as it is.
bool create_default_directory(const ServingIdentity& who, std::string& error) {
  if (::mkdir(kDefaultLeaseDirectory, 0750) != 0) {
    if (errno == EEXIST) return true;
    error = std::string("cannot create ") + kDefaultLeaseDirectory + ": " + std::strerror(errno) +
            "; create it or choose another --lease-file (dhcp-leasefile=)";
    return false;
  }
  if (::chown(kDefaultLeaseDirectory, who.uid, who.gid) != 0) {
    error = std::string("cannot hand the new ") + kDefaultLeaseDirectory + " to " + who.name +
            ": " + std::strerror(errno);
    return false;
  }
  return true;
}

std::string read_all(int fd) {
  std::string text;
  char buffer[65536];
  for (off_t offset = 0;;) {
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  return text;
}

}  // namespace

std::string lease_file_path(const std::string& configured, const std::string& iface) {
  // Several interfaces share one file: "leases" (an empty `iface`).
  if (configured.empty())
    return std::string(kDefaultLeaseDirectory) + "/leases" + (iface.empty() ? "" : "." + iface);
  std::error_code ec;
  const fs::path absolute = fs::absolute(configured, ec);
  return ec ? configured : absolute.lexically_normal().string();
}

int open_lease_file(const std::string& path, const ServingIdentity& who, std::string& error) {
  const fs::path directory = fs::path(path).parent_path();
  if (directory == kDefaultLeaseDirectory && !create_default_directory(who, error)) return -1;
  // Opened as root: never through a symlink (the directory may belong to the serving user,
  // who could plant leases.eth0 -> /etc/shadow), and O_NONBLOCK so a FIFO cannot hang us.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
  if (fd < 0 && errno == ELOOP) {
    error = "lease file " + path + " is a symbolic link: remove it or choose another --lease-file";
    return -1;
  }
  if (fd < 0) {
    error = "cannot open lease file " + path + ": " + std::strerror(errno) +
            (errno == ENOENT ? "; create its directory " + directory.string() + " first" : "") +
            " (or choose another --lease-file / dhcp-leasefile=)";
    return -1;
  }
  struct stat st {};
  std::string why;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    why = "is not a regular file";
  else if (st.st_nlink != 1)
    why = "has " + std::to_string(st.st_nlink) + " hard links (another name for another file?)";
  else if (st.st_uid != 0 && st.st_uid != who.uid && st.st_uid != ::geteuid())
    why = "belongs to uid " + std::to_string(st.st_uid) + ", neither root nor the serving user";
  if (!why.empty()) {
    ::close(fd);
    error = "lease file " + path + " " + why + ": remove it or choose another --lease-file";
    return -1;
  }
  // Back to blocking writes for the journal.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

std::unique_ptr<LeaseJournal> start_lease_journal(const std::string& path,
                                                  const ServingIdentity& who,
                                                  std::span<LeaseTable* const> tables,
                                                  std::int64_t now, std::string& error) {
  const int fd = open_lease_file(path, who, error);
  if (fd < 0) return nullptr;
  std::istringstream content(read_all(fd));
  const LeaseLog log = replay_lease_log(content, path);
  for (const std::string& problem : log.problems)
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", problem.c_str());
  // Each table takes the addresses of its own range (restore() skips the others).
  std::map<std::uint32_t, LeaseRecord> bound;
  for (LeaseTable* leases : tables) {
    leases->restore(log.latest, now);
    bound.merge(leases->bound_records());
  }
  return std::make_unique<LeaseJournal>(
      fd, path, log.lines, std::move(bound), LeaseJournal::Options{}, [](const std::string& line) {
        std::fprintf(stderr, "pxescope respond: %s\n", line.c_str());
      });
}

std::unique_ptr<LeaseJournal> start_lease_journal(const std::string& path,
                                                  const ServingIdentity& who, LeaseTable& leases,
                                                  std::int64_t now, std::string& error) {
  LeaseTable* const one[] = {&leases};
  return start_lease_journal(path, who, one, now, error);
}

}  // namespace pxescope::responder
