// `pxescope respond` as a child process in a network namespace, for the end-to-end tests: started
// with its output in a log file, waited for (bounded) until a start-up text appears, stopped with
// SIGTERM (SIGKILL after 5 s).
#pragma once

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <vector>

#include "tests/integration/tftp_test_support.hpp"

namespace tftp_test {

class RespondProcess {
 public:
  ~RespondProcess() { stop(); }

  // Runs `binary args...` inside `ns` (the caller's thread comes back to `home`), output to
  // `log`; true once the log contains `ready` (at most 10 s).
  bool start(Namespace& ns, const HomeNamespace& home, const std::string& binary,
             const std::vector<std::string>& args, const std::string& log,
             const std::string& ready) {
    if (!ns.enter()) return false;
    pid_ = fork();
    if (pid_ == 0) {
      // A killed test must not leave its server running (it would also keep the namespace).
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, STDOUT_FILENO);
      dup2(out, STDERR_FILENO);
      std::vector<char*> argv{const_cast<char*>(binary.c_str())};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    if (!home.go_back() || pid_ < 0) return false;
    for (int waited = 0; waited < 10000; waited += 20) {
      if (read_file(log).find(ready) != std::string::npos) return true;
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;  // exited: the log says why
        return false;
      }
      usleep(20000);
    }
    return false;
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int waited = 0; waited < 5000 && waitpid(pid_, nullptr, WNOHANG) == 0; waited += 10)
      usleep(10000);
    if (waitpid(pid_, nullptr, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

}  // namespace tftp_test
