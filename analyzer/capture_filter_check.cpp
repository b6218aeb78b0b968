#include "analyzer/capture_filter_check.hpp"

#include "analyzer/pcap_api.hpp"

namespace pxescope {

bool check_capture_filter(const std::string& filter, std::string& error) {
  const PcapApi* api = pcap_api(error);
  if (!api) return false;
  pcap_t* dead = api->pcap_open_dead(DLT_EN10MB, 65535);
  if (!dead) {
    error = "cannot check the capture filter: libpcap has no handle";
    return false;
  }
  bpf_program program{};
  const bool ok = api->pcap_compile(dead, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0;
  if (ok) {
    api->pcap_freecode(&program);
  } else {
    std::string reason = api->pcap_geterr(dead);
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    error = "bad capture filter \"" + filter + "\": " + reason;
  }
  api->pcap_close(dead);
  return ok;
}

}  // namespace pxescope
