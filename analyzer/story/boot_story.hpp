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
  NotPxe,  // a DHCP client that is not network-booting (phone, laptop): no PXE verdict
  // An unsigned UEFI boot program downloaded, then silence: Secure Boot refused to run it.
  NbpRefused,
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
  std::string requested_options;                   // "tsize=0 blksize=1468 windowsize=4"
  std::string oack_options;                        // "" when no OACK
  std::uint32_t blksize = 512;                     // negotiated
  std::uint64_t tsize = 0;                         // from the OACK (0 unknown)
  std::uint64_t bytes = 0;                         // distinct DATA payload bytes seen
  std::uint32_t blocks = 0;                        // distinct DATA blocks
  std::uint32_t retransmissions = 0;               // repeated DATA blocks and repeated RRQs
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
  double start = 0, end = 0;       // capture seconds (absolute)
  std::vector<std::uint8_t> head;  // the first bytes of the file (for PE machine checks)
};

// One server's reply to the client.
struct ServerReply {
  std::uint32_t server_ip = 0;  // option 54, else the IP source
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
};

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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decides the verdict, reason and fix of one story. `capture_end` is the time of the last
// frame of the whole capture (absolute seconds). Exposed for tests.
void decide_verdict(ClientStory& story, double capture_end, std::size_t servers_answering_4011);

}  // namespace pxescope
