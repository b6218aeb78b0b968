// Kernel mode and the iPXE chain: the flags grouped by architecture, the generated iPXE script,
// the routes, and what each kind of client gets (BIOS PXE, UEFI PXE, iPXE by user class, iPXE by
// option 175, UEFI HTTP boot) in proxy and in full DHCP mode, through the real Engine.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "responder/boot_file_access.hpp"
#include "responder/engine.hpp"
#include "responder/ipxe_chain.hpp"
#include "responder/kernel_mode.hpp"
#include "unit/request_builder.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

namespace fs = std::filesystem;
using testing::RequestBuilder;

// A kernel and two initrds in a temporary directory (the files must exist to be served).
struct BootFiles {
  fs::path dir = fs::temp_directory_path() / ("pxescope-kernel-" + std::to_string(::getpid()));
  BootFiles() {
    fs::create_directories(dir);
    for (const char* name : {"vmlinuz", "initrd.gz", "firmware.cpio"})
      std::ofstream(dir / name) << name;
  }
  ~BootFiles() { fs::remove_all(dir); }
  std::string operator()(const char* name) const { return (dir / name).string(); }
};

const http::HttpRoute* route(const ResponderConfig& cfg, const std::string& url_path) {
  for (const http::HttpRoute& r : cfg.http_routes)
    if (r.url_path == url_path) return &r;
  return nullptr;
}

TEST(KernelModeFlags, GroupedByArchitecture) {
  KernelModeFlags flags;
  flags.kernels = {"/k/vmlinuz", "efi-x64=/k/vmlinuz.efi"};
  flags.initrds = {"/k/initrd.gz", "efi-x64=/k/initrd-efi.gz", "/k/extra.cpio"};
  flags.cmdlines = {"console=ttyS0 quiet", "efi-x64=console=tty0"};
  std::vector<KernelImage> images;
  std::string error;
  ASSERT_TRUE(parse_kernel_flags(flags, images, error)) << error;
  ASSERT_EQ(images.size(), 2u);
  EXPECT_EQ(images[0].arch_name, "");
  EXPECT_TRUE(images[0].arches.empty());
  EXPECT_EQ(images[0].kernel, "/k/vmlinuz");
  EXPECT_EQ(images[0].initrds, (std::vector<std::string>{"/k/initrd.gz", "/k/extra.cpio"}));
  EXPECT_EQ(images[0].cmdline, "console=ttyS0 quiet") << "'console=' is no architecture";
  EXPECT_EQ(images[0].url_dir(), "/pxescope/");
  EXPECT_EQ(images[1].arch_name, "efi-x64");
  EXPECT_EQ(images[1].arches, (std::vector<std::uint16_t>{7, 9}));
  EXPECT_EQ(images[1].initrds, (std::vector<std::string>{"/k/initrd-efi.gz"}));
  EXPECT_EQ(images[1].cmdline, "console=tty0");
  EXPECT_EQ(images[1].url_dir(), "/pxescope/efi-x64/");
}

TEST(KernelModeFlags, ErrorsNameTheFlagAndTheFix) {
  const auto error_of = [](KernelModeFlags flags) {
    std::vector<KernelImage> images;
    std::string error;
    EXPECT_FALSE(parse_kernel_flags(flags, images, error));
    return error;
  };
  KernelModeFlags no_kernel;
  no_kernel.initrds = {"/k/initrd.gz"};
  EXPECT_EQ(error_of(no_kernel),
            "--initrd/--cmdline without --kernel: add the kernel to boot (--kernel FILE)");
  KernelModeFlags arch_without_kernel;
  arch_without_kernel.kernels = {"/k/vmlinuz"};
  arch_without_kernel.initrds = {"efi-x64=/k/initrd.gz"};
  EXPECT_EQ(error_of(arch_without_kernel),
            "--initrd/--cmdline efi-x64=... without --kernel efi-x64=...: add the kernel to boot "
            "(--kernel efi-x64=FILE)");
  KernelModeFlags two;
  two.kernels = {"/a", "/b"};
  EXPECT_NE(error_of(two).find("two --kernel ... flags (/a, /b)"), std::string::npos);
  KernelModeFlags newline;
  newline.kernels = {"/a"};
  newline.cmdlines = {"console=ttyS0\nshell"};
  EXPECT_NE(error_of(newline).find("control character"), std::string::npos);
  KernelModeFlags empty;
  empty.kernels = {"efi-x64="};
  EXPECT_NE(error_of(empty).find("--kernel wants [ARCH=]FILE"), std::string::npos);
}

TEST(KernelModeScript, KernelWithInitrdNamesAndCommandLine) {
  KernelImage image;
  image.kernel = "/k/vmlinuz";
  image.initrds = {"/k/initrd.gz", "/k/firmware.cpio"};
  image.cmdline = "console=ttyS0 priority=low";
  EXPECT_EQ(ipxe_script(image),
            "#!ipxe\n"
            "# pxescope kernel mode: the files below are served by pxescope's HTTP service\n"
            "# (URLs relative to this script's own)\n"
            "kernel kernel initrd=initrd-0 initrd=initrd-1 console=ttyS0 priority=low\n"
            "initrd initrd-0\n"
            "initrd initrd-1\n"
            "boot\n");
  KernelImage bare;
  bare.kernel = "/k/vmlinuz";
  EXPECT_EQ(ipxe_script(bare).substr(ipxe_script(bare).rfind("kernel")), "kernel\nboot\n");
}

TEST(KernelModeApply, RoutesChainHttpAndTftp) {
  BootFiles files;
  KernelModeFlags flags;
  flags.kernels = {files("vmlinuz")};
  flags.initrds = {files("initrd.gz"), files("firmware.cpio")};
  flags.cmdlines = {"console=ttyS0"};
  ResponderConfig cfg;
  std::string error;
  ASSERT_TRUE(apply_kernel_mode(flags, cfg, error)) << error;
  const http::HttpRoute* script = route(cfg, "/pxescope/boot.ipxe");
  ASSERT_NE(script, nullptr);
  EXPECT_TRUE(script->file_path.empty());
  EXPECT_NE(script->body.find("kernel kernel initrd=initrd-0 initrd=initrd-1 console=ttyS0\n"),
            std::string::npos);
  ASSERT_NE(route(cfg, "/pxescope/kernel"), nullptr);
  EXPECT_EQ(route(cfg, "/pxescope/kernel")->file_path, files("vmlinuz"));
  ASSERT_NE(route(cfg, "/pxescope/initrd-1"), nullptr);
  EXPECT_EQ(route(cfg, "/pxescope/initrd-1")->file_path, files("firmware.cpio"));
  ASSERT_NE(route(cfg, "/pxescope/snponly.efi"), nullptr) << "UEFI HTTP boot gets iPXE over HTTP";
  EXPECT_EQ(cfg.http_port, 80) << "HTTP turned on";
  EXPECT_TRUE(cfg.enable_tftp) << "TFTP serves the iPXE binaries";
  ASSERT_NE(tftp::find_route(cfg.tftp_routes, "pxescope/undionly.kpxe"), nullptr);
  EXPECT_EQ(tftp::find_route(cfg.tftp_routes, "/pxescope/snponly.efi")->path,
            "/usr/lib/ipxe/snponly.efi");
  EXPECT_EQ(tftp::find_route(cfg.tftp_routes, "pxescope/other"), nullptr);

  ResponderConfig on_8080;
  on_8080.http_port = 8080;
  ASSERT_TRUE(apply_kernel_mode(flags, on_8080, error));
  EXPECT_EQ(on_8080.http_port, 8080) << "a port the user set is kept";
}

TEST(KernelModeApply, UnreadableFileIsOneLineNamingItAndTheFix) {
  BootFiles files;
  KernelModeFlags flags;
  flags.kernels = {files("vmlinuz")};
  flags.initrds = {files("missing.gz")};
  ResponderConfig cfg;
  std::string error;
  EXPECT_FALSE(apply_kernel_mode(flags, cfg, error));
  EXPECT_EQ(error, "--initrd " + files("missing.gz") +
                       ": cannot read it (No such file or directory): give the path of a "
                       "readable initrd file");
  flags.kernels = {files("")};  // the directory
  flags.initrds.clear();
  EXPECT_FALSE(apply_kernel_mode(flags, cfg, error));
  EXPECT_NE(error.find("(not a regular file): give the path of a readable kernel file"),
            std::string::npos)
      << error;
  EXPECT_TRUE(cfg.http_routes.empty()) << "nothing half-applied";
}

// Served as root, the HTTP service (like TFTP) serves only world-readable files: a 0600 kernel
// is said at start-up, naming the route and the fix, not found out by a 403 at boot time.
TEST(KernelModeApply, KernelTheServerWillNotServeIsSaidAtStartUp) {
  if (::geteuid() != 0) GTEST_SKIP() << "the world-readable rule applies to a server run as root";
  BootFiles files;
  fs::permissions(files("vmlinuz"), fs::perms::owner_read | fs::perms::owner_write);
  KernelModeFlags flags;
  flags.kernels = {files("vmlinuz")};
  flags.initrds = {files("initrd.gz")};
  ResponderConfig cfg;
  std::string error;
  ASSERT_TRUE(apply_kernel_mode(flags, cfg, error)) << error;
  const std::vector<std::string> problems = unreadable_boot_files(cfg, "root");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "HTTP /pxescope/kernel: " + files("vmlinuz") +
                             ": not world-readable (a TFTP server running as root serves only "
                             "those; chmod o+r)");
}

// --- what each client kind gets -------------------------------------------------------------

struct Client {
  const char* name;
  const char* vendor_class;
  std::uint16_t arch;
  enum { Plain, UserClass, Option175 } ipxe;
};

RequestBuilder request_of(const Client& c, std::uint8_t type) {
  RequestBuilder b(type, c.vendor_class);
  b.arch(c.arch);
  if (c.ipxe == Client::UserClass) b.ipxe();
  if (c.ipxe == Client::Option175) b.option(175, {0xb1, 0x05, 0x01, 0x80, 0x86, 0x10, 0x0e});
  return b;
}

ResponderConfig kernel_config(bool full, std::uint16_t http_port) {
  static BootFiles files;
  KernelModeFlags flags;
  flags.kernels = {files("vmlinuz")};
  flags.initrds = {files("initrd.gz")};
  ResponderConfig cfg;
  cfg.http_port = http_port;
  cfg.address_check = false;
  if (full) {
    cfg.full_dhcp = true;
    cfg.range_start = 0xc0000264u;
    cfg.range_end = 0xc00002c7u;
  }
  std::string error;
  EXPECT_TRUE(apply_kernel_mode(flags, cfg, error)) << error;
  return cfg;
}

// The boot file the client ends up with: in the OFFER, or (menu / port-4011 offers) in the
// ACK to its REQUEST on port 4011, as the firmware goes on.
Reply boot_reply(const ResponderConfig& cfg, const Client& c, OfferStyle& offer_style) {
  Engine engine(cfg, testing::test_server());
  engine.set_check_destination(false);
  EXPECT_EQ(engine.handle_frame(request_of(c, 1).frame(), 10), FrameOutcome::Reply) << c.name;
  offer_style = engine.reply().style;
  if (offer_style == OfferStyle::Direct) return engine.reply();
  RequestBuilder boot_server = request_of(c, 3);
  if (offer_style == OfferStyle::Menu) boot_server.option(43, {71, 4, 0x80, 0x00, 0, 0, 255});
  EXPECT_EQ(engine.handle_frame(boot_server.frame(4011, 0xc0000264u, 68), 11), FrameOutcome::Reply)
      << c.name;
  return engine.reply();
}

TEST(KernelModeDecision, EachClientKindProxyAndFull) {
  const Client bios{"BIOS PXE", "PXEClient:Arch:00000:UNDI:002001", 0, Client::Plain};
  const Client efi{"EFI PXE", "PXEClient:Arch:00007:UNDI:003016", 7, Client::Plain};
  const Client ipxe_class{"iPXE (77)", "PXEClient:Arch:00000:UNDI:002001", 0, Client::UserClass};
  const Client ipxe_175{"iPXE (175)", "PXEClient:Arch:00007:UNDI:003010", 7, Client::Option175};
  const Client http{"HTTPClient", "HTTPClient:Arch:00016:UNDI:003001", 16, Client::Plain};
  struct Expected {
    const Client& client;
    OfferStyle offer;
    const char* file;
    const char* vendor_class;
  };
  const Expected cases[] = {
      {bios, OfferStyle::Menu, "pxescope/undionly.kpxe", "PXEClient"},
      {efi, OfferStyle::Binl, "pxescope/snponly.efi", "PXEClient"},
      {ipxe_class, OfferStyle::Direct, "http://192.0.2.1/pxescope/boot.ipxe", "PXEClient"},
      {ipxe_175, OfferStyle::Direct, "http://192.0.2.1/pxescope/boot.ipxe", "PXEClient"},
      {http, OfferStyle::Direct, "http://192.0.2.1/pxescope/snponly.efi", "HTTPClient"},
  };
  for (const bool full : {false, true}) {
    const ResponderConfig cfg = kernel_config(full, 80);
    for (const Expected& e : cases) {
      SCOPED_TRACE(std::string(e.client.name) + (full ? " full DHCP" : " proxy"));
      OfferStyle style{};
      const Reply r = boot_reply(cfg, e.client, style);
      // The only DHCP server names the file for EFI firmware itself (no 4011 round trip).
      const bool named = full && e.offer == OfferStyle::Binl;
      EXPECT_EQ(style, named ? OfferStyle::Direct : e.offer);
      EXPECT_EQ(r.file, e.file);
      EXPECT_EQ(r.vendor_class, named ? "" : e.vendor_class);
      EXPECT_EQ(r.siaddr, 0xc0000201u);
    }
  }
  // Another port is in the URL.
  OfferStyle style{};
  EXPECT_EQ(boot_reply(kernel_config(false, 8080), ipxe_class, style).file,
            "http://192.0.2.1:8080/pxescope/boot.ipxe");
  EXPECT_EQ(boot_reply(kernel_config(true, 8080), http, style).file,
            "http://192.0.2.1:8080/pxescope/snponly.efi");
}

TEST(KernelModeDecision, UrlFollowsTheServerAddress) {
  const ResponderConfig cfg = kernel_config(false, 80);
  Engine engine(cfg, testing::test_server(0x0a2a0702u));  // 10.42.7.2
  engine.set_check_destination(false);
  RequestBuilder ipxe(1, "PXEClient:Arch:00007:UNDI:003010");
  ipxe.arch(7).ipxe();
  ASSERT_EQ(engine.handle_frame(ipxe.frame(), 1), FrameOutcome::Reply);
  EXPECT_EQ(engine.reply().file, "http://10.42.7.2/pxescope/boot.ipxe");
}

TEST(KernelModeDecision, ArchitectureImageWinsOverTheDefault) {
  BootFiles files;
  KernelModeFlags flags;
  flags.kernels = {files("vmlinuz"), "efi-x64=" + files("firmware.cpio")};
  ResponderConfig cfg;
  std::string error;
  ASSERT_TRUE(apply_kernel_mode(flags, cfg, error)) << error;
  ASSERT_NE(route(cfg, "/pxescope/efi-x64/kernel"), nullptr);
  EXPECT_EQ(route(cfg, "/pxescope/efi-x64/kernel")->file_path, files("firmware.cpio"));
  const Client efi_ipxe{"iPXE EFI", "PXEClient:Arch:00007:UNDI:003010", 7, Client::UserClass};
  const Client bios_ipxe{"iPXE BIOS", "PXEClient:Arch:00000:UNDI:002001", 0, Client::UserClass};
  OfferStyle style{};
  EXPECT_EQ(boot_reply(cfg, efi_ipxe, style).file, "http://192.0.2.1/pxescope/efi-x64/boot.ipxe");
  EXPECT_EQ(boot_reply(cfg, bios_ipxe, style).file, "http://192.0.2.1/pxescope/boot.ipxe");
}

TEST(KernelModeDecision, OnlyAnArchitectureImageLeavesOthersUnanswered) {
  BootFiles files;
  KernelModeFlags flags;
  flags.kernels = {"efi-x64=" + files("vmlinuz")};
  ResponderConfig cfg;
  std::string error;
  ASSERT_TRUE(apply_kernel_mode(flags, cfg, error)) << error;
  Engine engine(cfg, testing::test_server());
  engine.set_check_destination(false);
  RequestBuilder bios(1, "PXEClient:Arch:00000:UNDI:002001");
  bios.arch(0);
  EXPECT_EQ(engine.handle_frame(bios.frame(), 1), FrameOutcome::Silent)
      << "no BIOS kernel: no undionly.kpxe either";
  EXPECT_EQ(engine.verdict(), Verdict::NoBootFile);
}

TEST(IpxeChain, TagAddedOnceBesideTheUsersOwnLines) {
  ResponderConfig cfg;
  std::vector<std::string> warnings;
  parse_config_text("dhcp-userclass=set:ipxe,iPXE\ndhcp-match=set:ipxe,175\n", "t.conf", cfg,
                    warnings);
  ASSERT_TRUE(warnings.empty());
  const std::size_t rules = cfg.tag_rules.size();
  const std::uint8_t tag = add_ipxe_tag(cfg);
  EXPECT_EQ(cfg.tag_names[tag], "ipxe");
  EXPECT_EQ(cfg.tag_rules.size(), rules) << "the config's lines already tag iPXE";
  ResponderConfig fresh;
  add_ipxe_tag(fresh);
  add_ipxe_tag(fresh);
  EXPECT_EQ(fresh.tag_rules.size(), 2u) << "user class iPXE and option 175, once";
}

}  // namespace
}  // namespace pxescope::responder
