// `pxescope respond` end to end for its TFTP part: the --tftp-max-per-client flag reaches the
// server, and SIGTERM tells the transfer in flight (ERROR 0) before the process exits. The
// responder serves a veth link between two throw-away namespaces. Needs root; skips otherwise.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "tests/integration/tftp_server_support.hpp"
#include "tests/integration/tftp_test_support.hpp"

namespace fs = std::filesystem;
using tftp_test::code_of;
using tftp_test::opcode_of;
using tftp_test::RawClient;

TEST(TftpRespond, PerClientFlagAndSigtermReachTheServer) {
  if (const auto missing = tftp_test::missing_root_or_tools({"ip"}); !missing.empty()) {
    GTEST_SKIP() << missing;
  }
  const std::string binary = std::string(PXESCOPE_BIN_DIR) + "/pxescope";
  if (access(binary.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << binary << " (build it)";
  const std::string suffix = std::to_string(getpid());
  tftp_test::HomeNamespace home;
  tftp_test::Namespace server_ns, client_ns;
  const fs::path base = fs::temp_directory_path() / ("tftp_respond_test." + suffix);
  pid_t respond = -1;
  // Whatever fails below: the process, the namespaces (with the veth pair) and the files go.
  struct Cleanup {
    std::function<void()> run;
    ~Cleanup() { run(); }
  } cleanup{[&] {
    if (respond > 0 && waitpid(respond, nullptr, WNOHANG) == 0) {
      kill(respond, SIGKILL);
      waitpid(respond, nullptr, 0);
    }
    home.go_back();
    client_ns.destroy();
    server_ns.destroy();
    fs::remove_all(base);
  }};
  ASSERT_TRUE(server_ns.create("pxtftprs" + suffix));
  ASSERT_TRUE(client_ns.create("pxtftprc" + suffix));
  const std::string link = "pxrs" + suffix, peer = "pxrc" + suffix;
  ASSERT_TRUE(tftp_test::connect_with_veth(server_ns, link, "10.78.0.1/24", client_ns, peer,
                                           "10.78.0.2/24"));

  fs::create_directories(base / "root");
  std::ofstream(base / "root" / "boot.bin", std::ios::binary) << std::string(4000, 'b');
  const std::string log = (base / "respond.log").string();

  ASSERT_TRUE(server_ns.enter());
  respond = fork();
  ASSERT_GE(respond, 0);
  if (respond == 0) {
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    execl(binary.c_str(), binary.c_str(), "respond", "--iface", link.c_str(), "--tftp-root",
          (base / "root").c_str(), "--boot-file", "boot.bin", "--tftp-max-per-client", "1",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_TRUE(client_ns.enter());
  RawClient holder(69, "10.78.0.2", "10.78.0.1"), second(69, "10.78.0.2", "10.78.0.1");
  ASSERT_TRUE(home.go_back());
  for (int waited = 0; waited < 10000; waited += 20) {  // bounded: until respond logs its start
    if (tftp_test::read_file(log).find("tftp_root=") != std::string::npos) break;
    usleep(20000);
  }

  holder.send_request(1, {"boot.bin", "octet"});
  EXPECT_EQ(opcode_of(holder.receive()), 3) << tftp_test::read_file(log);
  second.send_request(1, {"boot.bin", "octet"});
  const std::string refused = second.receive();
  EXPECT_EQ(opcode_of(refused), 5);
  EXPECT_EQ(code_of(refused), 0);
  EXPECT_NE(refused.find("tftp-max-per-client"), std::string::npos) << refused;

  kill(respond, SIGTERM);
  std::string reply;
  for (int packet = 0; packet < 5 && opcode_of(reply) != 5; ++packet) reply = holder.receive();
  EXPECT_EQ(opcode_of(reply), 5) << "SIGTERM did not tell the transfer in flight";
  int status = -1;
  bool exited = false;
  for (int waited = 0; waited < 10000 && !exited; waited += 10) {
    exited = waitpid(respond, &status, WNOHANG) == respond;
    if (!exited) usleep(10000);
  }
  EXPECT_TRUE(exited) << "pxescope respond did not exit within 10 s of SIGTERM";
  if (exited) respond = -1;
  EXPECT_NE(tftp_test::read_file(log).find("server shut down"), std::string::npos)
      << tftp_test::read_file(log);
}
