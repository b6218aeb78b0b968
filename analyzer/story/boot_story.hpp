// Boot stories: a capture's DHCP, proxyDHCP, port-4011, TFTP and ICMP packets grouped per
// client machine (keyed by MAC; UUID and xid kept), in time order, and a verdict on how far
// each boot got. Pure library code (no Qt): the CLI's `diagnose`, the GUI's boot-story pane
// and the tests share it.
//
//   StoryBuilder builder;
//   while (reader.next(frame)) builder.add(frame);
//   for (const ClientStory& story : builder.finish()) ...
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/fingerprint/firmware_fingerprint.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/lint/offer_lint.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "analyzer/story/dhcpv6_event.hpp"

namespace pxescope {

// Stable verdict codes: an interface (JSON "verdict"), do not rename.
enum class Verdict : std::uint8_t {
  Booted,
  NoOffer,
  NoBootInfo,
  No4011Answer,
  TftpUnanswered,
  TftpFileNotFound,
  TftpStalled,
  ArchMismatch,
  ChainloadLoop,
  ConflictingProxies,
  BlksizeTooLarge,
  IncompleteCapture,
  NotPxe,          // a DHCP client that is not network-booting (phone, laptop): no PXE verdict
  NoDhcpv6Offer,   // PXEv6: Solicits that no DHCPv6 server answered
  NoBootfileUrl,   // PXEv6: Advertise/Reply without a boot file URL (option 59)
  Dhcpv6Refused,   // PXEv6: the boot file URL came, but the Request got a Reply with no address
  HttpNotFound,    // 4xx/5xx on a file the boot needs
  HttpUnanswered,  // SYN never answered, or refused/reset before an answer
  HttpStalled,     // the body stopped before its Content-Length
  NbpWrongServer,  // the boot program asked a server without TFTP for its next files
  // An unsigned UEFI boot program downloaded, then silence: Secure Boot refused to run it.
  NbpRefused,
  // PXEv6: one DHCPv6 server advertised an address without a boot file URL, another the URL
  // without an address (a stateless boot server beside the LAN's), and the firmware took
  // neither: no Request, no download (EDK2 stalls at "Start PXE over IPv6").
  Dhcpv6SplitAnswer,
};
std::string_view verdict_code(Verdict v);  // "booted", "no-offer", ...

struct TimelineEvent {
  std::uint64_t frame = 0;
  double time = 0;   // seconds since the client's first packet
  std::string kind;  // "dhcp-discover", "dhcp-offer", "proxy-offer", "pxe-4011-ack",
                     // "tftp-rrq", "tftp-transfer", "tftp-error", "icmp-unreachable", ...
  std::string text;  // one human line
  std::vector<std::string> warnings;  // linter findings on this packet ("code: message")
  double capture_time = 0;            // seconds since the capture's first frame
};

// One TFTP read request and what followed it.
struct TftpTransferStory {
  std::string file;
  std::uint32_t client_ip = 0, server_ip = 0;
  std::uint16_t client_port = 0, server_port = 0;  // server_port 0: never answered
  std::string server_address;         // over IPv6: the server's address (server_ip is then an id)
  std::string requested_options;      // "tsize=0 blksize=1468 windowsize=4"
  std::string oack_options;           // "" when no OACK
  std::uint32_t blksize = 512;        // negotiated
  std::uint64_t tsize = 0;            // from the OACK (0 unknown)
  std::uint64_t bytes = 0;            // distinct DATA payload bytes seen
  std::uint32_t blocks = 0;           // distinct DATA blocks
  std::uint32_t retransmissions = 0;  // repeated DATA blocks and repeated RRQs
  std::uint32_t rrq_count = 0;
  int error_code = -1;  // last ERROR seen, -1 none
  std::string error_message;
  bool error_from_client = false;
  bool tsize_probe = false;                  // OACK then the client's ERROR 8 (abort): a size probe
  bool complete = false;                     // last short DATA block seen (and not stalled)
  bool head_cut = false;                     // the snap length cut the file's first bytes
  bool icmp_unreachable = false;             // ICMP port unreachable about this request
  std::uint32_t largest_data_ip_length = 0;  // biggest IP datagram of DATA seen
  bool large_blocks_unacked = false;         // DATA blocks sent repeatedly, never ACKed
  std::uint64_t first_frame = 0;
  std::uint64_t last_frame = 0;    // its last packet (the flow graph's transfer bar ends there)
  double start = 0, end = 0;       // capture seconds (absolute)
  std::vector<std::uint8_t> head;  // the first bytes of the file (for PE machine checks)
};

// One HTTP request and its response (or one TCP connection that never carried a request).
struct HttpFetchStory {
  std::string method;  // "" when no request was seen on the connection
  std::string url;     // "http://host/path" (Host header, else the server's address)
  std::uint32_t server_ip = 0;
  std::uint16_t client_port = 0, server_port = 0;
  std::uint32_t syns = 0;            // SYNs sent for this connection (0: it started earlier)
  bool connected = false;            // SYN-ACK seen (or data both ways)
  bool refused = false;              // RST before the connection was established
  bool reset = false;                // RST after it, before the response ended
  int status = -1;                   // -1: no response head
  std::string phrase;                // "OK", "Not Found"
  std::int64_t content_length = -1;  // -1: none (chunked, or until the server closes)
  std::uint64_t bytes = 0;           // body bytes seen (by TCP sequence numbers)
  bool complete = false;  // the body reached its end (Content-Length or the server's FIN)
  std::uint64_t first_frame = 0;
  std::uint64_t last_frame = 0;  // the last packet counted in start..end
  double start = 0, end = 0;     // capture seconds (absolute): first packet, last packet
};

// One server's reply to the client.
struct ServerReply {
  std::uint32_t server_ip = 0;  // option 54, else the IP source
  std::string server_address;   // DHCPv6: the server's IPv6 source (siaddr: the URL's host)
  bool proxy = false;           // no address offered (yiaddr 0) and 60 PXEClient
  bool from_4011 = false;
  std::uint8_t type = 0;
  std::uint32_t yiaddr = 0, siaddr = 0;
  std::string boot_file;
  bool menu = false, boot_servers = false;
  std::string menu_text;  // the PXE menu items, joined by '/'
  std::uint32_t xid = 0;
  std::uint64_t frame = 0;
  double time = 0;
};

struct ClientStory {
  std::array<std::uint8_t, 6> mac{};
  std::string uuid;
  int arch = -1;
  std::string vendor_class;
  FirmwareFingerprint firmware;
  std::vector<std::uint32_t> xids;
  std::uint32_t ip = 0;  // the address it got (ACK yiaddr or its source IP later)

  std::vector<TimelineEvent> timeline;
  std::vector<ServerReply> replies;
  std::vector<TftpTransferStory> transfers;
  std::vector<HttpFetchStory> http;  // TCP connections from the client's address, in order
  std::uint32_t discovers = 0, requests = 0, pxe_4011_requests = 0;
  std::uint32_t icmp_4011_unreachable = 0;
  std::uint32_t later_dhcp = 0;  // DHCP from a boot program after the boot file arrived
  // A request carried 60 PXEClient/HTTPClient or 93: the client is network-booting.
  bool network_boot = false;
  bool dhcp_request_seen = false;

  // The capture's snap length cut some of this client's packets.
  std::uint32_t snap_length = 0;            // captured bytes of the shortest cut frame, 0 none
  std::vector<std::string> missing_fields;  // what the cut removed ("the boot file name", ...)
  std::vector<std::string> cut_decisive;    // of those, what the verdict needs
  bool requests_cut = false;                // a client request lost options (60/93 unknown)

  Verdict verdict = Verdict::IncompleteCapture;
  std::string reason;
  std::string fix;

  double first_time = 0, last_time = 0;  // capture seconds (absolute)
  double capture_start = 0;              // the capture's first frame (absolute)

  // PXEv6: the same machine (the MAC of its DUID-LL/LLT) network-booting over DHCPv6. Its
  // replies and transfers carry server_address; its verdict is the IPv6 attempt's.
  std::uint32_t solicits = 0;
  std::uint32_t dhcpv6_refusals = 0;  // Replies with a failure status and no address
  std::string dhcpv6_refusal;         // the last one's status: "1 (UnspecFail) \"address in use\""
  double ipv6_start = -1;      // capture seconds (absolute) of its first PXEv6 message, -1 none
  double ipv4_last_time = -1;  // its last IPv4 packet (absolute), -1 none
  // It tried IPv4 first and gave up: that attempt's own verdict and reason.
  bool ipv4_attempt = false;
  Verdict ipv4_verdict = Verdict::IncompleteCapture;
  std::string ipv4_reason;
};

// The server's address as text: IPv6 (server_address) or IPv4.
std::string server_text(const TftpTransferStory& x);
std::string server_text(const ServerReply& r);

class StoryBuilder {
 public:
  StoryBuilder();
  ~StoryBuilder();
  StoryBuilder(const StoryBuilder&) = delete;
  StoryBuilder& operator=(const StoryBuilder&) = delete;

  // Feed every frame of the capture in order (non-DHCP/TFTP/ICMP frames are ignored).
  void add(const Frame& frame);
  // The stories (in order of each client's first packet) with their verdicts.
  std::vector<ClientStory> finish();
  // The stories so far, as finish() would tell them now, while the builder goes on taking
  // frames (the GUI's live capture tells them as the clients boot). Copies the state.
  std::vector<ClientStory> snapshot() const;

  // Live use (analyzer/story/live_stories.hpp). A TFTP transfer or HTTP fetch the caller
  // followed itself (the responder's own servers log them, their packets are never seen as
  // frames), recorded on the client `mac` as if its packets had been read.
  void add_transfer(const std::array<std::uint8_t, 6>& mac, TftpTransferStory transfer);
  void add_http_fetch(const std::array<std::uint8_t, 6>& mac, HttpFetchStory fetch);
  // Live use: a DHCPv6 message the caller read itself (the responder's DHCPv6 service),
  // typed: the story it tells is the one its frame would (tests/unit/story_dhcpv6_event_test).
  // A message Dhcpv6Message::parse refuses is not handed over (note_time() instead).
  void add_dhcpv6(const Dhcpv6StoryEvent& event);
  // The clock reached `now` (absolute seconds) with nothing more heard: the silence counts
  // for the verdict as if the capture had gone on until then.
  void note_time(double now);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decides the verdict, reason and fix of one story. `capture_end` is the time of the last
// frame of the whole capture (absolute seconds). Exposed for tests.
void decide_verdict(ClientStory& story, double capture_end, std::size_t servers_answering_4011);

}  // namespace pxescope
