// libpcap, loaded on first use with dlopen instead of linked: commands that never read a
// capture (`pxescope respond`) then don't map libpcap and the chain it drags in on Debian
// (libdbus, libsystemd, libgcrypt, lzma, zstd, lz4: ~1 MB of resident memory).
// <pcap/pcap.h> still gives the types and constants; only the calls go through the table.
#pragma once

#include <cstdint>
#include <string>

#include <pcap/pcap.h>

namespace pxescope {

// Every libpcap function the analyzer calls. Members are named like libpcap's own
// functions so that call sites read as usual: `api.pcap_next_ex(...)`.
#define PXESCOPE_PCAP_FUNCTIONS(X)           \
  X(pcap_open_offline_with_tstamp_precision) \
  X(pcap_create)                             \
  X(pcap_set_snaplen)                        \
  X(pcap_set_immediate_mode)                 \
  X(pcap_set_promisc)                        \
  X(pcap_set_tstamp_precision)               \
  X(pcap_activate)                           \
  X(pcap_compile)                            \
  X(pcap_open_dead)                          \
  X(pcap_setfilter)                          \
  X(pcap_freecode)                           \
  X(pcap_setnonblock)                        \
  X(pcap_get_tstamp_precision)               \
  X(pcap_get_selectable_fd)                  \
  X(pcap_datalink)                           \
  X(pcap_next_ex)                            \
  X(pcap_geterr)                             \
  X(pcap_breakloop)                          \
  X(pcap_file)                               \
  X(pcap_datalink_val_to_description_or_dlt) \
  X(pcap_close)

struct PcapApi {
#define PXESCOPE_PCAP_MEMBER(name) decltype(&::name) name = nullptr;
  PXESCOPE_PCAP_FUNCTIONS(PXESCOPE_PCAP_MEMBER)
#undef PXESCOPE_PCAP_MEMBER
};

// The table, loading libpcap on the first call (thread-safe; never unloaded). nullptr when
// libpcap cannot be loaded: `error` then says so in one line, with the package to install.
const PcapApi* pcap_api(std::string& error);

// "105 (802.11)": a link type's number and libpcap's description of it, for messages.
std::string link_type_description(std::uint32_t dlt);

}  // namespace pxescope
