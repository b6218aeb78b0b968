// Helpers for the TFTP integration tests: shell commands, throw-away network namespaces, and a
// lossy, reordering point-to-point link made of two TUN devices relayed in userspace (works on
// kernels without sch_netem, which this project's CI machines lack).
#pragma once

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/private_netns_names.hpp"  // named namespaces vanish with this process

namespace tftp_test {

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

// Runs a shell command (it inherits the calling thread's network namespace), bounded by timeout.
inline CommandResult run(const std::string& command, int timeout_s = 90) {
  CommandResult result;
  const std::string bounded = "timeout -k 5 " + std::to_string(timeout_s) + " " + command + " 2>&1";
  FILE* pipe = popen(bounded.c_str(), "r");
  if (!pipe) return result;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe)) result.output += buffer;
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline bool have_program(const std::string& name) {
  return run("sh -c 'command -v " + name + "' >/dev/null", 5).exit_code == 0;
}

// Why a namespace test cannot run here ("" when it can): it needs root and these tools.
inline std::string missing_root_or_tools(const std::vector<std::string>& tools) {
  if (geteuid() != 0) return "needs root (creates network namespaces)";
  for (const std::string& tool : tools) {
    if (!have_program(tool)) {
      return "missing client/tool '" + tool +
             "' (scripts/install-deps.sh installs atftp, tftp-hpa, curl, iproute2)";
    }
  }
  return "";
}

inline std::string read_file(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return {};
  std::string content;
  char buffer[65536];
  for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;)
    content.append(buffer, got);
  std::fclose(file);
  return content;
}

// A named namespace (`ip netns add`), deleted in destroy() or at the latest when it goes away
// (a failed assertion must not leave it, or the veth pairs in it, behind).
class Namespace {
 public:
  Namespace() = default;
  ~Namespace() { destroy(); }
  Namespace(const Namespace&) = delete;
  Namespace& operator=(const Namespace&) = delete;
  bool create(const std::string& name) {
    name_ = name;
    run("ip netns del " + name_, 10);  // a leftover of a killed run
    if (run("ip netns add " + name_, 10).exit_code != 0) return false;
    return run("ip -n " + name_ + " link set lo up", 10).exit_code == 0;
  }
  // Moves the CALLING THREAD into the namespace (threads and children it starts follow).
  bool enter() {
    const int target = open(("/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC);
    if (target < 0) return false;
    const bool ok = setns(target, CLONE_NEWNET) == 0;
    close(target);
    return ok;
  }
  void destroy() {
    if (!name_.empty()) run("ip netns del " + name_, 10);
    name_.clear();
  }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

// A veth pair between two namespaces, each end addressed ("10.77.0.1/24") and up.
inline bool connect_with_veth(const Namespace& a, const std::string& a_link,
                              const std::string& a_address, const Namespace& b,
                              const std::string& b_link, const std::string& b_address) {
  const std::string in_a = "ip -n " + a.name() + " ", in_b = "ip -n " + b.name() + " ";
  return run(in_a + "link add " + a_link + " type veth peer name " + b_link + " netns " + b.name(),
             10)
                 .exit_code == 0 &&
         run(in_a + "addr add " + a_address + " dev " + a_link, 10).exit_code == 0 &&
         run(in_a + "link set " + a_link + " up", 10).exit_code == 0 &&
         run(in_b + "addr add " + b_address + " dev " + b_link, 10).exit_code == 0 &&
         run(in_b + "link set " + b_link + " up", 10).exit_code == 0;
}

// Saves the calling thread's namespace and returns to it later.
class HomeNamespace {
 public:
  HomeNamespace() : fd_(open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) {}
  ~HomeNamespace() {
    if (fd_ >= 0) close(fd_);
  }
  bool go_back() const { return fd_ >= 0 && setns(fd_, CLONE_NEWNET) == 0; }

 private:
  int fd_;
};

// Creates a TUN device named `name` in the calling thread's namespace; returns its fd or -1.
inline int open_tun(const std::string& name) {
  const int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return -1;
  ifreq request{};
  request.ifr_flags = IFF_TUN | IFF_NO_PI;
  std::strncpy(request.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &request) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Relays IP packets between two TUN devices, dropping `loss` of them and delaying `reorder` of
// them behind the next packet of the same direction. Fixed seed: the same run every time.
class LossyLink {
 public:
  LossyLink(int tun_a, int tun_b, double loss, double reorder)
      : fds_{tun_a, tun_b}, loss_(loss), reorder_(reorder) {}
  ~LossyLink() { stop(); }
  void start() {
    thread_ = std::thread([this] { relay(); });
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (int& fd : fds_) {
      if (fd >= 0) close(fd);
      fd = -1;
    }
  }
  void set_rates(double loss, double reorder) {
    loss_ = loss;
    reorder_ = reorder;
  }
  uint64_t dropped() const { return dropped_; }
  uint64_t reordered() const { return reordered_; }
  uint64_t forwarded() const { return forwarded_; }

 private:
  void relay() {
    std::mt19937 random(12345);
    std::uniform_real_distribution<double> dice(0.0, 1.0);
    std::vector<char> buffer(70000);
    std::optional<std::string> held[2];  // a delayed packet per direction
    while (!stop_) {
      pollfd watched[2] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}};
      const int ready = poll(watched, 2, 20);
      if (ready <= 0) {  // idle: release delayed packets so nothing is delayed forever
        for (int from = 0; from < 2; ++from) flush(held[from], fds_[1 - from]);
        continue;
      }
      for (int from = 0; from < 2; ++from) {
        if (!(watched[from].revents & POLLIN)) continue;
        for (int burst = 0; burst < 64; ++burst) {
          const ssize_t length = read(fds_[from], buffer.data(), buffer.size());
          if (length <= 0) break;
          const double roll = dice(random);
          const double loss = loss_, reorder = reorder_;
          if (roll < loss) {
            ++dropped_;
            continue;
          }
          std::string packet(buffer.data(), static_cast<size_t>(length));
          if (roll < loss + reorder && !held[from]) {
            held[from] = std::move(packet);  // goes out after the next packet
            ++reordered_;
            continue;
          }
          forward(packet, fds_[1 - from]);
          flush(held[from], fds_[1 - from]);
        }
      }
    }
  }
  void forward(const std::string& packet, int to) {
    if (write(to, packet.data(), packet.size()) > 0) ++forwarded_;
  }
  void flush(std::optional<std::string>& held, int to) {
    if (!held) return;
    forward(*held, to);
    held.reset();
  }

  int fds_[2];
  std::atomic<double> loss_, reorder_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> dropped_{0}, reordered_{0}, forwarded_{0};
};

}  // namespace tftp_test
