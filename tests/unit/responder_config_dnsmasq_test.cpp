// The config parser reads lines as dnsmasq reads them: comments, quoting, names in any
// case, conf-file/conf-dir, the TFTP family, did-you-mean, and the contradictions refused.
// Every line is also run through `dnsmasq --test` so the two agree (or differ on purpose).
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "responder/config.hpp"
#include "unit/cli_test_support.hpp"

namespace pxescope::responder {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag)
      : path(fs::temp_directory_path() / ("pxescope-" + tag + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

ResponderConfig parse(std::string_view text, std::vector<std::string>& errors) {
  ResponderConfig cfg;
  parse_config_text(text, "t.conf", cfg, errors);
  return cfg;
}

bool dnsmasq_available() {
  return std::system("command -v dnsmasq >/dev/null 2>&1") == 0;
}

// dnsmasq's own verdict on a config: exit 0 from `dnsmasq --test`.
bool dnsmasq_accepts(const TempDir& dir, const std::string& text) {
  const std::string file = dir.write("dnsmasq.conf", text);
  const auto r = test::run_command("dnsmasq --test --conf-file=" + file + " >/dev/null");
  return r.exit_code == 0;
}

struct Rule {
  const char* text;
  bool we_accept;
  bool dnsmasq_accepts;  // differs from we_accept only where we are stricter on purpose
};

// Each rule of the field report's section 5, with dnsmasq's answer next to ours.
constexpr Rule kRules[] = {
    {"enable-tftp   # on\n", true, true},  // a trailing comment
    {"enable-tftp\t#on\n", true, true},
    {"enable-tftp=eth0\n", true, true},
    {"tftp-root = /srv/tftp\n", true, true},  // spaces around '=' and leading ones
    {"  enable-tftp\n", true, true},
    {"pxe-service=x86PC,\"a\\qb\",x\n", true, true},       // an unknown escape stays as is
    {"pxe-service=X86PC,\"PXE\",pxelinux\n", true, true},  // CSA names in any case
    {"pxe-service=arm64_efi,\"PXE\",grub\n", true, true},
    {"dhcp-match=set:efi,option:CLIENT-ARCH,7\n", true, true},  // option names in any case
    {"dhcp-option=option:ROUTER,10.0.0.1\n", true, true},
    {"pxe-prompt=\"Press #F8, then\",5\n", true, true},  // '#' and ',' inside quotes
    {"pxe-prompt=\"say \\\"hi\\\"\",5\n", true, true},   // escaped quotes
    {"pxe-prompt=\"unterminated,5\n", false, false},
    {"Enable-TFTP\n", false, false},  // keys are case-sensitive in dnsmasq
    {"enable-tftpp\n", false, false},
    {"frobnicate=1\n", false, false},
    {"=x\n", false, false},  // no option name
    {"tftp-max=100\n", true, true},
    {"tftp-no-blocksize\n", true, true},
    {"tftp-lowercase\n", true, true},
    {"tftp-unique-root=mac\n", true, true},
    {"tftp-unique-root\n", true, true},
    {"tftp-port-range=30000,30100\n", true, true},
    {"tftp-single-port\n", true, true},
    {"tftp-secure\n", true, true},
    {"tftp-root=/srv/tftp # the root\nenable-tftp\n", true, true},
    {"dhcp-option=option:dns-server,10.0.0.1,10.0.0.2\n", true, true},
    {"dhcp-option=tag:lab,option:DNS-SERVER,10.0.0.1\n", true, true},
    {"dhcp-option-force=209,pxelinux.cfg/default\n", true, true},
    {"dhcp-option=vendor:PXEClient,1,0.0.0.0\n", true, true},
    {"dhcp-option=encap:175,176,1\n", true, true},
    {"dhcp-option=option:domain-search,lab.example,example.com\n", true, true},
    {"dhcp-option=option:classless-static-route,10.0.0.0/8,192.168.1.1\n", true, true},
    {"dhcp-option=3,1.2.3\n", false, false},
    {"dhcp-option=option:nonsense,1\n", false, false},
    {"dhcp-host=52:54:00:12:34:56,set:lab,10.0.0.150,client1\n", true, true},
    {"dhcp-host=52:54:00:*:*:*,ignore\n", true, true},
    {"dhcp-mac=set:qemu,52:54:00:*:*:*\n", true, true},
    {"dhcp-ignore=tag:!known\n", true, true},
    {"tag-if=set:known,tag:lab\n", true, true},
    {"dhcp-range=192.168.0.0,proxy,255.255.255.0\n", true, true},  // proxy with a netmask
    {"dhcp-range=set:lab,192.168.0.0,proxy\n", true, true},
    {"dhcp-range=192.168.0.0,PROXY\n", false, false},              // the mode is case-sensitive
    {"dhcp-vendorclass=BIOS,PXEClient:Arch:00000\n", true, true},  // older tag spelling
    {"dhcp-userclass=ipxe,iPXE\n", true, true},
    {"dhcp-match=set:bios,60,PXEClient:Arch:00000\n", true, true},  // a text in 60
    {"dhcp-match=set:ipxe,option:user-class,iPXE\n", true, true},
    {"domain=lab\nserver=10.0.0.53\ndomain-needed\nbogus-priv\ncache-size=100\n", true, true},
    {"conf-file=/nonexistent/pxescope.conf\n", false, false},
    {"conf-dir=/nonexistent/pxescope.d\n", false, false},
    // Several interfaces, as dnsmasq; stricter: one network in one mode per interface, never lo.
    {"dhcp-range=10.0.0.0,proxy\ndhcp-range=10.0.0.10,10.0.0.20\n", false, true},
    {"interface=eth0\ninterface=eth1\n", true, true},
    {"interface=eth0,eth1\n", true, true},
    {"except-interface=eth0\n", true, true},
    {"interface=lo\n", false, true},
    {"dhcp-range=interface:eth1,10.0.0.10,10.0.0.20\n", true, true},
    // dnsmasq 2.90 takes interface: for the range's one tag; pxescope for where it goes.
    {"dhcp-range=interface:eth1,set:lab,10.0.0.10,10.0.0.20\n", true, false},
    {"dhcp-range=10.0.0.10,10.0.0.20\ndhcp-range=10.0.1.10,10.0.1.20\n", true, true},
    // Stricter than dnsmasq: a value the option's type cannot hold is refused, not sent as
    // text; options pxescope writes itself are refused with the line to use instead.
    {"dhcp-option=option:mtu,big\n", false, true},
    {"dhcp-option=67,pxelinux.0\n", false, true},
};

TEST(ConfigDnsmasq, EveryRuleAgreesWithDnsmasqTest) {
  TempDir dir("dnsmasq-rules");
  const bool have_dnsmasq = dnsmasq_available();
  if (!have_dnsmasq) std::printf("SKIP part: dnsmasq not installed, checking our side only\n");
  for (const Rule& rule : kRules) {
    SCOPED_TRACE(rule.text);
    std::vector<std::string> errors;
    parse(rule.text, errors);
    EXPECT_EQ(errors.empty(), rule.we_accept) << (errors.empty() ? "" : errors.front());
    if (have_dnsmasq) {
      EXPECT_EQ(dnsmasq_accepts(dir, rule.text), rule.dnsmasq_accepts);
    }
  }
}

TEST(ConfigDnsmasq, CommentsAndQuotesGiveDnsmasqsValues) {
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse(
      "enable-tftp   # on\n"
      "tftp-root=/srv/tftp  # where the files are\n"
      "pxe-prompt=\"Press #F8, \\\"now\\\"\",5 # prompt\n"
      "dhcp-boot=pxelinux.0#not-a-comment\n"
      "dhcp-boot=tag:x,#hash.0\n"
      "dhcp-leasefile=#leases\n"
      "  user = \"pxe user\" \n",
      errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_TRUE(cfg.enable_tftp);
  EXPECT_EQ(cfg.tftp_root, "/srv/tftp");
  EXPECT_EQ(cfg.prompt_text, "Press #F8, \"now\"");
  EXPECT_EQ(cfg.prompt_timeout, 5);
  ASSERT_EQ(cfg.boot_rules.size(), 2u);
  EXPECT_EQ(cfg.boot_rules[0].file, "pxelinux.0#not-a-comment") << "'#' inside a word is kept";
  EXPECT_EQ(cfg.boot_rules[1].file, "#hash.0") << "after ',' (not white space) too";
  EXPECT_EQ(cfg.lease_file, "#leases") << "and right after '='";
  EXPECT_EQ(cfg.user, "pxe user") << "spaces around '=' do not count, quotes are removed";
}

TEST(ConfigDnsmasq, DhcpMatchOnTextAndOlderTagSpellings) {
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse(
      "dhcp-vendorclass=BIOS,PXEClient:Arch:00000\n"
      "dhcp-match=set:efi,60,PXEClient:Arch:00007\n"
      "dhcp-match=net:ipxe,option:User-Class,iPXE\n",
      errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(cfg.tag_rules.size(), 3u);
  EXPECT_EQ(cfg.tag_names, (std::vector<std::string>{"BIOS", "efi", "ipxe"}));
  EXPECT_EQ(cfg.tag_rules[1].kind, TagRule::Kind::VendorClass);
  EXPECT_EQ(cfg.tag_rules[1].text, "PXEClient:Arch:00007");
  EXPECT_EQ(cfg.tag_rules[2].kind, TagRule::Kind::UserClass);
  EXPECT_EQ(cfg.tag_rules[2].text, "iPXE");
}

TEST(ConfigDnsmasq, ArchitectureNamesInAnyCase) {
  EXPECT_EQ(csa_from_name("X86PC"), 0);
  EXPECT_EQ(csa_from_name("x86pc"), 0);
  EXPECT_EQ(csa_from_name("X86-64_efi"), 7);
  EXPECT_EQ(csa_from_name("bc_efi"), 9) << "dnsmasq 2.90's table";
  EXPECT_EQ(csa_from_name("Arm64_Efi"), 11);
}

TEST(ConfigDnsmasq, UnknownLineNamesFileLineAndSuggests) {
  std::vector<std::string> errors;
  parse("enable-tftp\nenable-tftpp\nEnable-TFTP\ntftp-rot=/srv\nfrobnicate=1\n", errors);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_NE(errors[0].find("t.conf:2:"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("did you mean 'enable-tftp'"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("t.conf:3:"), std::string::npos) << errors[1];
  EXPECT_NE(errors[1].find("did you mean 'enable-tftp'"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("did you mean 'tftp-root'"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("t.conf:5:"), std::string::npos) << errors[3];
  EXPECT_EQ(errors[3].find("did you mean"), std::string::npos) << "no guess for a stranger";
}

TEST(ConfigDnsmasq, TftpFamilyLinesSetTheirFields) {
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse(
      "tftp-max=7\ntftp-max-per-client=3\ntftp-no-blocksize\ntftp-lowercase\n"
      "tftp-unique-root=mac\ntftp-secure\ntftp-single-port\ntftp-port-range=30000,30010\n",
      errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(cfg.tftp_max, 7u);
  EXPECT_EQ(cfg.tftp_max_per_client, 3u);
  EXPECT_TRUE(cfg.tftp_no_blocksize);
  EXPECT_TRUE(cfg.tftp_lowercase);
  EXPECT_TRUE(cfg.tftp_unique_root);
  EXPECT_TRUE(cfg.tftp_unique_root_mac);
  EXPECT_TRUE(cfg.tftp_secure);
  EXPECT_TRUE(cfg.tftp_single_port);
  EXPECT_EQ(cfg.tftp_port_min, 30000);
  EXPECT_EQ(cfg.tftp_port_max, 30010);

  for (const char* bad : {"tftp-max=0\n", "tftp-max=many\n", "tftp-port-range=9,1\n",
                          "tftp-unique-root=uuid\n", "tftp-secure=yes\n"}) {
    SCOPED_TRACE(bad);
    std::vector<std::string> e;
    parse(bad, e);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_NE(e[0].find("t.conf:1:"), std::string::npos) << e[0];
  }
}

TEST(ConfigDnsmasq, ProxyAndRangeOrTwoRangesOnOneNetworkAreConflicts) {
  const struct {
    const char* text;
    const char* first_line;  // the earlier line the message names
  } cases[] = {
      {"dhcp-range=10.0.0.0,proxy\ndhcp-range=10.0.0.10,10.0.0.20\n", "t.conf:1"},
      {"dhcp-range=10.0.0.10,10.0.0.20\ndhcp-range=10.0.0.0,proxy\n", "t.conf:1"},
      {"dhcp-range=10.0.0.10,10.0.0.20\ndhcp-range=10.0.0.30,10.0.0.40\n", "t.conf:1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    std::vector<std::string> errors;
    const ResponderConfig cfg = parse(c.text, errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("t.conf:2:"), std::string::npos) << errors[0];
    EXPECT_NE(errors[0].find(c.first_line), std::string::npos) << errors[0];
    EXPECT_EQ(cfg.config_conflicts, 1u);
  }
  std::vector<std::string> errors;
  const ResponderConfig cfg =
      parse("dhcp-range=10.0.0.0,proxy\ndhcp-range=10.0.0.10,10.0.0.20\n", errors);
  EXPECT_FALSE(cfg.full_dhcp) << "never falls back to full DHCP";
}

TEST(ConfigDnsmasq, ConfFileAndConfDirAreFollowed) {
  TempDir dir("conf-include");
  fs::create_directories(dir.path / "d");
  dir.write("d/10-tftp.conf", "enable-tftp\n");
  dir.write("d/20-root.conf", "tftp-root=/srv/tftp\n");
  dir.write("d/30-bad.conf.bak", "frobnicate\n");  // excluded by ,.bak
  dir.write("d/40-editor.conf~", "frobnicate\n");  // always skipped
  dir.write("d/.hidden.conf", "frobnicate\n");     // always skipped
  dir.write("d/50-notes.txt", "frobnicate\n");     // not *.conf
  dir.write("extra.conf", "pxe-service=x86PC,\"PXE\",pxelinux\nbogus-line\n");
  const std::string main = dir.write(
      "main.conf", "conf-dir=" + (dir.path / "d").string() +
                       ",.bak,*.conf\nconf-file=" + (dir.path / "extra.conf").string() + "\n");
  ResponderConfig cfg;
  std::vector<std::string> errors;
  std::string error;
  ASSERT_TRUE(load_config_file(main, cfg, errors, error)) << error;
  EXPECT_TRUE(cfg.enable_tftp);
  EXPECT_EQ(cfg.tftp_root, "/srv/tftp");
  EXPECT_EQ(cfg.services.size(), 1u);
  ASSERT_EQ(errors.size(), 1u) << "only extra.conf's bad line; skipped files are not read";
  EXPECT_NE(errors[0].find("extra.conf:2:"), std::string::npos) << errors[0];

  // A file that includes itself stops with an error instead of looping.
  const std::string loop = dir.write("loop.conf", "conf-file=" + (dir.path / "loop.conf").string());
  ResponderConfig looped;
  errors.clear();
  ASSERT_TRUE(load_config_file(loop, looped, errors, error));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("nested"), std::string::npos) << errors[0];

  if (dnsmasq_available()) {
    EXPECT_EQ(test::run_command("dnsmasq --test --conf-file=" + main + " >/dev/null").exit_code, 1)
        << "dnsmasq also reads extra.conf and trips on its bad line";
  }
}

TEST(ConfigDnsmasq, TftpRootProblemsNameTheLineAndTheCause) {
  TempDir dir("tftp-root-check");
  const auto problems_for = [](const std::string& root) {
    ResponderConfig cfg;
    std::vector<std::string> errors;
    parse_config_text("enable-tftp\ntftp-root=" + root + "\ndhcp-boot=x\n", "seed.conf", cfg,
                      errors);
    std::string all;
    for (const std::string& p : startup_checks(cfg)) all += p + "\n";
    return all;
  };
  const std::string missing = problems_for((dir.path / "missing").string());
  EXPECT_NE(missing.find("seed.conf:2: tftp-root="), std::string::npos) << missing;
  EXPECT_NE(missing.find("does not exist"), std::string::npos) << missing;
  EXPECT_EQ(missing.find("--tftp-root"), std::string::npos) << "advice names the config line";

  const std::string file_root = dir.write("a-file", "x");
  EXPECT_NE(problems_for(file_root).find("is not a directory"), std::string::npos);

  if (::geteuid() == 0) {
    // root reads everything: check as an unprivileged user in a child.
    fs::create_directories(dir.path / "locked" / "root");
    fs::permissions(dir.path / "locked", fs::perms::owner_all);
    fs::permissions(dir.path,
                    fs::perms::owner_all | fs::perms::others_exec | fs::perms::group_exec);
    const pid_t child = ::fork();
    if (child == 0) {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
      const std::string p = problems_for((dir.path / "locked" / "root").string());
      ::_exit(p.find("permission denied") != std::string::npos ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "permission denied named";
  } else {
    fs::create_directories(dir.path / "locked" / "root");
    fs::permissions(dir.path / "locked", fs::perms::none);
    EXPECT_NE(problems_for((dir.path / "locked" / "root").string()).find("permission denied"),
              std::string::npos);
    fs::permissions(dir.path / "locked", fs::perms::owner_all);
  }
}

}  // namespace
}  // namespace pxescope::responder
