#include "analyzer/pcap_api.hpp"

#include <dlfcn.h>

namespace pxescope {
namespace {

// The soname Debian's libpcap0.8 package installs (libpcap-dev only adds libpcap.so).
constexpr const char* kLibpcapSoname = "libpcap.so.0.8";

struct Loaded {
  PcapApi api;
  std::string error;  // empty when every function was found
};

const char* last_dl_error() {
  const char* reason = dlerror();
  return reason ? reason : "unknown reason";
}

Loaded load() {
  Loaded loaded;
  void* library = dlopen(kLibpcapSoname, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    loaded.error = std::string("cannot load libpcap (") + last_dl_error() +
                   "): install it with `sudo apt install libpcap0.8`";
    return loaded;
  }
#define PXESCOPE_PCAP_RESOLVE(name)                                             \
  loaded.api.name = reinterpret_cast<decltype(&::name)>(dlsym(library, #name)); \
  if (!loaded.api.name) {                                                       \
    loaded.error = std::string("libpcap is too old: ") + last_dl_error() +      \
                   " (pxescope needs libpcap 1.9 or later)";                    \
    return loaded;                                                              \
  }
  PXESCOPE_PCAP_FUNCTIONS(PXESCOPE_PCAP_RESOLVE)
#undef PXESCOPE_PCAP_RESOLVE
  return loaded;
}

}  // namespace

const PcapApi* pcap_api(std::string& error) {
  static const Loaded loaded = load();
  if (!loaded.error.empty()) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.api;
}

std::string link_type_description(std::uint32_t dlt) {
  std::string text = std::to_string(dlt);
  std::string unused;
  if (const PcapApi* api = pcap_api(unused))
    text += std::string(" (") +
            api->pcap_datalink_val_to_description_or_dlt(static_cast<int>(dlt)) + ")";
  return text;
}

}  // namespace pxescope
