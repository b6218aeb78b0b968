// The HTTP service's pieces around the protocol: its config lines and flags' effect, what a
// reload may change, the options the responder gives the server (interface-only bind), file
// resolution (routes before the root, TFTP's confinement), the response head and the log line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "responder/config.hpp"
#include "responder/event_log.hpp"
#include "responder/http/http_files.hpp"
#include "responder/http/http_response.hpp"
#include "responder/http_server_options.hpp"
#include "responder/reload.hpp"

using namespace pxescope::responder;
namespace fs = std::filesystem;

namespace {

ResponderConfig parsed(const std::string& text, std::vector<std::string>& warnings) {
  ResponderConfig cfg;
  parse_config_text(text, "test.conf", cfg, warnings);
  return cfg;
}

ConfigSource source_of(const ResponderConfig& cfg) {
  return [cfg](ResponderConfig& next, std::string&) {
    next = cfg;
    return true;
  };
}

// A throw-away root: a.txt (world-readable), private.txt (owner only), sub/, and a symlink
// pointing outside.
struct TempRoot {
  TempRoot() {
    base = fs::temp_directory_path() / ("http_service_test." + std::to_string(getpid()));
    fs::remove_all(base);
    fs::create_directories(base / "root" / "sub");
    std::ofstream(base / "root" / "a.txt") << "hello";
    std::ofstream(base / "root" / "private.txt") << "mine";
    std::ofstream(base / "outside.txt") << "secret";
    fs::permissions(base / "root" / "a.txt", fs::perms::owner_read | fs::perms::others_read);
    fs::permissions(base / "root" / "private.txt", fs::perms::owner_read);
    fs::create_symlink(base / "outside.txt", base / "root" / "escape.txt");
  }
  ~TempRoot() { fs::remove_all(base); }
  fs::path base;
};

}  // namespace

TEST(HttpConfig, LinesSetTheServiceAndItIsOffByDefault) {
  std::vector<std::string> warnings;
  EXPECT_EQ(parsed("", warnings).http_port, 0) << "off unless asked";
  const ResponderConfig cfg = parsed(
      "http-port=8080\nhttp-root=/srv/http\nhttp-address=0.0.0.0\nhttp-max=10\n"
      "http-max-per-client=0\nhttp-header-timeout=3\nhttp-idle-timeout=4\n",
      warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(cfg.http_port, 8080);
  EXPECT_EQ(cfg.http_root, "/srv/http");
  EXPECT_EQ(cfg.http_root_origin, "test.conf:2");
  EXPECT_EQ(cfg.http_address, "0.0.0.0");
  EXPECT_EQ(cfg.http_max, 10u);
  EXPECT_EQ(cfg.http_max_per_client, 0u);
  EXPECT_EQ(cfg.http_header_timeout_s, 3u);
  EXPECT_EQ(cfg.http_idle_timeout_s, 4u);
}

TEST(HttpConfig, BadLinesAreOneLineErrorsNamingTheLine) {
  for (const char* line : {"http-port=0", "http-port=70000", "http-port=x", "http-address=eth0",
                           "http-max=0", "http-root=", "http-header-timeout=0"}) {
    std::vector<std::string> warnings;
    parsed(line, warnings);
    ASSERT_EQ(warnings.size(), 1u) << line;
    EXPECT_EQ(warnings[0].rfind("test.conf:1: ", 0), 0u) << warnings[0];
  }
}

TEST(HttpConfig, ServerOptionsBindTheInterfaceAddressAndShareTheTftpRoot) {
  std::vector<std::string> warnings;
  ResponderConfig cfg = parsed("enable-tftp\ntftp-root=/srv/tftp\nhttp-port=80\n", warnings);
  auto options = http_server_options(cfg, 0x0a000001u);
  EXPECT_EQ(options.bind_ip, "10.0.0.1");
  EXPECT_EQ(options.root, "/srv/tftp");
  EXPECT_EQ(options.port, 80);
  cfg.http_address = "0.0.0.0";
  cfg.http_root = "/srv/http";
  options = http_server_options(cfg, 0x0a000001u);
  EXPECT_EQ(options.bind_ip, "0.0.0.0");
  EXPECT_EQ(options.root, "/srv/http");
}

TEST(HttpConfig, ReloadTakesANewRootButSocketKeysNeedARestart) {
  std::vector<std::string> warnings;
  const ResponderConfig current = parsed("http-port=8080\nhttp-root=/srv/a\n", warnings);
  ResponderConfig next = current;
  next.http_root = "/srv/b";
  const ReloadResult root = prepare_reload(current, source_of(next));
  ASSERT_TRUE(root.ok) << root.error;
  ASSERT_EQ(root.changes.size(), 1u);
  EXPECT_EQ(describe_change(root.changes[0]), "http-root: /srv/a -> /srv/b");
  for (auto change : {+[](ResponderConfig& c) { c.http_port = 8081; },
                      +[](ResponderConfig& c) { c.http_address = "10.0.0.9"; },
                      +[](ResponderConfig& c) { c.http_max = 5; }}) {
    next = current;
    change(next);
    const ReloadResult r = prepare_reload(current, source_of(next));
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("needs a restart"), std::string::npos) << r.error;
  }
}

TEST(HttpFiles, RoutesComeBeforeTheRootAndTheRootIsConfined) {
  TempRoot temp;
  std::ofstream(temp.base / "kernel") << "KERNEL";
  fs::permissions(temp.base / "kernel", fs::perms::owner_read | fs::perms::others_read);
  std::ofstream(temp.base / "root" / "boot.ipxe") << "shadowed";
  http::FileResolver files(temp.base / "root",
                           {{"/boot.ipxe", "", "#!ipxe\n", ""},
                            {"/k", (temp.base / "kernel").string(), "", "application/x-kernel"}});
  std::string error;
  ASSERT_TRUE(files.open(error)) << error;

  const http::ResolvedBody script = files.resolve("/boot.ipxe");
  ASSERT_EQ(script.status, 200);
  ASSERT_NE(script.text, nullptr);
  EXPECT_EQ(*script.text, "#!ipxe\n");
  EXPECT_EQ(script.content_type, "text/plain; charset=utf-8");

  http::ResolvedBody kernel = files.resolve("/k");
  ASSERT_EQ(kernel.status, 200) << kernel.reason;
  EXPECT_EQ(kernel.size, 6u);
  EXPECT_EQ(kernel.content_type, "application/x-kernel");
  close(kernel.fd);

  http::ResolvedBody file = files.resolve("/a.txt");
  ASSERT_EQ(file.status, 200) << file.reason;
  EXPECT_EQ(file.size, 5u);
  close(file.fd);

  for (const char* path : {"/../outside.txt", "/sub/../../outside.txt", "/", "/sub", "/nothing",
                           "/escape.txt", "/..\\outside.txt"}) {
    const http::ResolvedBody refused = files.resolve(path);
    EXPECT_NE(refused.status, 200) << path;
    EXPECT_EQ(refused.fd, -1) << path;
    EXPECT_FALSE(refused.reason.empty()) << path;
  }
  if (geteuid() == 0) {  // dnsmasq's rule: as root, only world-readable files
    const http::ResolvedBody mine = files.resolve("/private.txt");
    EXPECT_EQ(mine.status, 403);
    EXPECT_NE(mine.reason.find("world-readable"), std::string::npos) << mine.reason;
  }
}

TEST(HttpFiles, WithoutARootOnlyRoutesAreServed) {
  http::FileResolver files("", {{"/only", "", "x", ""}});
  std::string error;
  ASSERT_TRUE(files.open(error));
  EXPECT_EQ(files.resolve("/only").status, 200);
  EXPECT_EQ(files.resolve("/etc/passwd").status, 404);
}

TEST(HttpResponse, HeadCarriesTheHeadersTheStatusNeeds) {
  http::ResponseHead head;
  head.status = 206;
  head.content_length = 10;
  head.content_type = "application/octet-stream";
  head.content_range = true;
  head.range_first = 5;
  head.range_last = 14;
  head.total_size = 100;
  head.last_modified = 0;
  EXPECT_EQ(
      http::format_response_head(head),
      "HTTP/1.1 206 Partial Content\r\nServer: pxescope\r\n"
      "Content-Type: application/octet-stream\r\nContent-Length: 10\r\n"
      "Content-Range: bytes 5-14/100\r\nLast-Modified: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n");
  http::ResponseHead busy;
  busy.status = 503;
  busy.retry_after_s = 2;
  busy.close = true;
  const std::string text = http::format_response_head(busy);
  EXPECT_NE(text.find("Retry-After: 2\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Connection: close\r\n"), std::string::npos) << text;
  http::ResponseHead not_allowed;
  not_allowed.status = 405;
  not_allowed.allow = true;
  EXPECT_NE(http::format_response_head(not_allowed).find("Allow: GET, HEAD\r\n"),
            std::string::npos);
}

TEST(HttpResponse, ContentTypeByExtension) {
  EXPECT_EQ(http::content_type_for("/boot/BOOT.IPXE"), "text/plain; charset=utf-8");
  EXPECT_EQ(http::content_type_for("/EFI/boot/bootx64.efi"), "application/efi");
  EXPECT_EQ(http::content_type_for("/initrd.gz"), "application/gzip");
  EXPECT_EQ(http::content_type_for("/vmlinuz"), "application/octet-stream");
  EXPECT_EQ(http::content_type_for("/dir.d/vmlinuz"), "application/octet-stream");
}

TEST(HttpLog, OneEscapedLinePerRequestInTextAndJson) {
  http::RequestEvent event;
  event.client = "10.0.0.2:41234";
  event.method = "GET";
  event.target = "/a\nforged=1";
  event.status = 206;
  event.bytes = 100;
  event.length = 100;
  event.range = "bytes=0-99";
  event.duration = std::chrono::microseconds(2500);
  event.user_agent = "evil \x1b[31m agent";
  for (const bool json : {false, true}) {
    char* data = nullptr;
    std::size_t size = 0;
    std::FILE* file = open_memstream(&data, &size);
    {
      EventLog log(file, json, false);
      log.http(event);
      log.flush();
    }
    const std::string text(data, size);
    std::fclose(file);
    std::free(data);
    EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    if (json) {
      const auto line = nlohmann::json::parse(text.substr(text.find('{')));
      EXPECT_EQ(line["path"], event.target);
      EXPECT_EQ(line["status"], 206);
      EXPECT_EQ(line["bytes"], 100);
      EXPECT_EQ(line["ms"], 2);
      EXPECT_EQ(line["agent"], event.user_agent);
      EXPECT_EQ(line["client"], "10.0.0.2:41234");
    } else {
      EXPECT_NE(
          text.find(" http client=10.0.0.2:41234 method=GET path=\"/a\\nforged=1\" status=206 "
                    "bytes=100 length=100 range=\"bytes=0-99\" ms=2 agent="),
          std::string::npos)
          << text;
    }
  }
}
