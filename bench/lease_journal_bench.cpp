// How long lease persistence holds up the DHCP/TFTP loop: 300 REQUESTs (offer + bind)
// against a pool with 20,000 bound leases, each followed by what the loop does to persist
// the change. Three runs, each on a fresh lease file in DIR:
//   rewrite  - before the journal: the whole file rewritten, fsynced, renamed per change
//   journal  - LeaseJournal::append (the writer thread writes and fdatasyncs)
//   compact  - the same, with the file at the compaction threshold (a 20,000-lease
//              compaction runs in the writer thread during the burst)
// Prints per-request loop time (max, p99, median) and the total; see bench/README.md.
//
//   bench_lease_journal [DIR] [LEASES] [REQUESTS]
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "responder/lease_journal.hpp"
#include "responder/lease_table.hpp"

namespace {

using namespace pxescope::responder;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::uint32_t kFirst = 0x0a500000u;  // 10.80.0.0
constexpr std::int64_t kNow = 1'000'000;

MacAddress mac_of(std::uint32_t n) {
  return {2,
          0x42,
          static_cast<std::uint8_t>(n >> 24),
          static_cast<std::uint8_t>(n >> 16),
          static_cast<std::uint8_t>(n >> 8),
          static_cast<std::uint8_t>(n)};
}

// The pre-journal persistence: every change rewrote every lease (LeaseTable::save).
void rewrite_whole_file(const LeaseTable& table, const std::string& path) {
  std::string text;
  for (const auto& [ip, record] : table.bound_records()) text += format_lease_record(record);
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
      ::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    std::perror(path.c_str());
    std::exit(1);
  }
  const int dir = ::open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  ::fsync(dir);
  ::close(dir);
}

// CPU time of the calling thread: separates work from waiting for a core on a busy machine.
double thread_cpu_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Run {
  std::vector<double> loop_ms;  // per request, wall
  double max_cpu_ms = 0;        // per request, the loop thread's CPU
  double total_ms = 0, writer_catch_up_ms = 0;
  std::size_t compactions = 0;
};

void print(const char* name, Run run) {
  std::sort(run.loop_ms.begin(), run.loop_ms.end());
  const auto at = [&](double q) {
    return run
        .loop_ms[std::min(run.loop_ms.size() - 1,
                          static_cast<std::size_t>(q * static_cast<double>(run.loop_ms.size())))];
  };
  std::printf("| %s | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f | %zu |\n", name, run.loop_ms.back(),
              at(0.99), at(0.5), run.max_cpu_ms, run.total_ms, run.writer_catch_up_ms,
              run.compactions);
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

LeaseTable populated(std::uint32_t leases, std::uint32_t requests) {
  LeaseTable table(kFirst + 1, kFirst + leases + requests + 16);
  std::map<std::uint32_t, LeaseRecord> bound;
  for (std::uint32_t i = 0; i < leases; ++i)
    bound[kFirst + 1 + i] = {kFirst + 1 + i, mac_of(i), kNow + 3600};
  table.restore(bound, kNow);
  return table;
}

// One REQUEST from a new client: what the DHCP engine does, then `persist`.
template <typename Persist>
Run burst(LeaseTable& table, std::uint32_t leases, std::uint32_t requests, Persist persist) {
  Run run;
  const auto start = Clock::now();
  for (std::uint32_t i = 0; i < requests; ++i) {
    const auto t0 = Clock::now();
    const double cpu0 = thread_cpu_ms();
    const MacAddress mac = mac_of(leases + i);
    const std::uint32_t ip = table.offer(mac, 0, kNow);
    table.bind(mac, ip, kNow, 3600);
    persist();
    run.loop_ms.push_back(ms_since(t0));
    run.max_cpu_ms = std::max(run.max_cpu_ms, thread_cpu_ms() - cpu0);
  }
  run.total_ms = ms_since(start);
  return run;
}

// `copies`: the lease file holds every lease that many times (5: past the compaction
// threshold of 4 x the live leases, so the first batch compacts).
Run journal_run(const std::string& path, std::uint32_t leases, std::uint32_t requests,
                std::size_t copies) {
  LeaseTable table = populated(leases, requests);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  std::string once;
  for (const auto& [ip, record] : table.bound_records()) once += format_lease_record(record);
  for (std::size_t i = 0; i < copies; ++i)
    if (::write(fd, once.data(), once.size()) != static_cast<ssize_t>(once.size())) std::exit(1);
  ::fsync(fd);
  LeaseJournal journal(fd, path, copies * leases, table.bound_records(), {},
                       [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
  Run run = burst(table, leases, requests, [&] { journal.append(table.take_changes()); });
  const auto drain = Clock::now();
  journal.wait_idle(std::chrono::seconds(60));
  run.writer_catch_up_ms = ms_since(drain);
  run.compactions = journal.compactions();
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path dir = argc > 1 ? argv[1] : "/var/tmp";
  const std::uint32_t leases = argc > 2 ? std::atoi(argv[2]) : 20000;
  const std::uint32_t requests = argc > 3 ? std::atoi(argv[3]) : 300;
  const std::string path = (dir / ("pxescope-bench-leases-" + std::to_string(::getpid()))).string();
  std::printf("%u REQUESTs against %u bound leases, lease file in %s\n\n", requests, leases,
              dir.c_str());
  std::printf(
      "| run | max ms | p99 ms | median ms | max CPU ms | total ms | writer catch-up ms | "
      "compactions |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  {
    LeaseTable table = populated(leases, requests);
    print("rewrite (before)", burst(table, leases, requests, [&] {
            table.take_changes();
            rewrite_whole_file(table, path);
          }));
  }
  print("journal", journal_run(path, leases, requests, 1));
  print("journal + compaction", journal_run(path, leases, requests, 5));
  fs::remove(path);
  fs::remove(path + ".tmp");
  return 0;
}
