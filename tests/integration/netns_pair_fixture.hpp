// The fixture of the integration tests that run a server in one throw-away network namespace
// and a client in another: the two namespaces joined by a veth pair (optionally with fixed IPv6
// addresses), a scratch directory, and the pxescope binary. Names end in the test's pid, and
// everything is removed again in TearDown.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/integration/ipv6_test_support.hpp"
#include "tests/integration/respond_process.hpp"
#include "tests/integration/tftp_test_support.hpp"

namespace tftp_test {

class NetnsPairTest : public ::testing::Test {
 protected:
  struct Plan {
    std::string tag;  // short (interface names): namespaces and links are px<tag>s/c<pid>
    std::string server_cidr, client_cidr;    // IPv4 of each end
    std::vector<std::string> server_ipv6{};  // none: IPv6 as the kernel has it
    std::vector<std::string> client_ipv6{};
    std::vector<std::string> tools;  // besides root: skip (with the reason) when one is missing
    bool needs_pxescope = false;     // skip when the binary is not built
  };

  // Call from SetUp, then `if (IsSkipped() || HasFatalFailure()) return;`.
  void make_pair(const Plan& plan) {
    if (const std::string missing = missing_root_or_tools(plan.tools); !missing.empty())
      GTEST_SKIP() << missing;
    binary_ = std::string(PXESCOPE_BIN_DIR) + "/pxescope";
    if (plan.needs_pxescope && access(binary_.c_str(), X_OK) != 0)
      GTEST_SKIP() << "no " << binary_ << " (build it)";
    const std::string suffix = std::to_string(getpid());
    base_ = std::filesystem::temp_directory_path() /
            (::testing::UnitTest::GetInstance()->current_test_suite()->name() + ("." + suffix));
    std::filesystem::remove_all(base_);
    std::filesystem::create_directories(base_);
    // Readable by the unprivileged user a server may drop to.
    using std::filesystem::perms;
    std::filesystem::permissions(base_, perms::owner_all | perms::group_exec | perms::others_exec);
    server_link_ = "px" + plan.tag + "s" + suffix;
    client_link_ = "px" + plan.tag + "c" + suffix;
    ASSERT_TRUE(server_ns_.create(server_link_));
    ASSERT_TRUE(client_ns_.create(client_link_));
    ASSERT_TRUE(connect_with_veth(server_ns_, server_link_, plan.server_cidr, client_ns_,
                                  client_link_, plan.client_cidr));
    // Known addresses without duplicate address detection: usable at once.
    if (!plan.server_ipv6.empty()) {
      ASSERT_TRUE(enable_ipv6(server_ns_, server_link_, plan.server_ipv6));
    }
    if (!plan.client_ipv6.empty()) {
      ASSERT_TRUE(enable_ipv6(client_ns_, client_link_, plan.client_ipv6));
    }
  }

  void TearDown() override {
    respond_.stop();
    home_.go_back();
    client_ns_.destroy();
    server_ns_.destroy();
    if (!base_.empty()) std::filesystem::remove_all(base_);
  }

  // A shell command in the client namespace, bounded by `timeout_s`.
  CommandResult client(const std::string& command, int timeout_s = 60) {
    return run("ip netns exec " + client_ns_.name() + " " + command, timeout_s);
  }

  std::string binary_, server_link_, client_link_;
  std::filesystem::path base_;
  HomeNamespace home_;
  Namespace server_ns_, client_ns_;
  RespondProcess respond_;
};

}  // namespace tftp_test
