#include "analyzer/dhcp/option_samples.hpp"

#include <array>

#include "analyzer/dhcp/option_scan.hpp"
#include "analyzer/dhcp/option_writer.hpp"

namespace pxescope::dhcp {
namespace {

std::string sample_of_type(ValueType t) {
  switch (t) {
    case ValueType::U8:
    case ValueType::U16:
    case ValueType::U32:
    case ValueType::I8:
    case ValueType::I32:
    case ValueType::Seconds:
    case ValueType::Bool:
      return "1";
    case ValueType::Ipv4:
      return "192.0.2.1";
    case ValueType::String:
      return "text";
    case ValueType::Bytes:
      return "01:02";
    case ValueType::Empty:
    case ValueType::Record:
      return "";
  }
  return "";
}

// Values the hooked rows' decoders read as what they are, not as odd bytes.
struct HookSample {
  DecodeHook hook;
  const char* text;
};
constexpr HookSample kHookSamples[] = {
    {DecodeHook::RequestList, "1,3,6,67"},
    {DecodeHook::VendorClass, "PXEClient:Arch:00007:UNDI:003016"},
    {DecodeHook::ClientId, "01:52:54:00:12:34:56"},
    {DecodeHook::UserClass, "iPXE"},
    {DecodeHook::ClientArch, "efi-x64"},
    {DecodeHook::ClientGuid, "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10"},
    {DecodeHook::VendorSpecific, "06:01:08:ff"},
    {DecodeHook::PxeBootServers, "80:00:01:c0:00:02:01"},
    {DecodeHook::PxeBootMenu, "80:00:04:4d:65:6e:75"},
    {DecodeHook::DomainSearch, "lab.example,example.com"},
    {DecodeHook::ClasslessRoutes, "10.0.0.0/8,192.0.2.1"},
    {DecodeHook::SipServers, "192.0.2.5"},
};

// The option in `space` that carries sub-options of that space.
std::uint8_t carrier(OptionSpace space) {
  switch (space) {
    case OptionSpace::Pxe:
      return kOptVendorSpecific;
    case OptionSpace::Ipxe:
      return kOptEtherboot;
    case OptionSpace::Relay:
      return kOptRelayAgentInfo;
    default:
      return 0;
  }
}

constexpr std::size_t kSampleSize = 1024;

}  // namespace

std::string sample_text(const OptionDef& def) {
  for (const HookSample& s : kHookSamples)
    if (s.hook == def.hook && def.hook != DecodeHook::None) return s.text;
  if (def.type != ValueType::Record) return sample_of_type(def.type);
  std::string text;
  for (const RecordField& f : def.record)
    text += (text.empty() ? "" : ",") + sample_of_type(f.type);
  return text;
}

std::vector<SampleMessage> sample_messages() {
  std::vector<SampleMessage> out;
  for (OptionSpace space :
       {OptionSpace::Dhcp, OptionSpace::Pxe, OptionSpace::Ipxe, OptionSpace::Relay}) {
    for (const OptionDef& def : options_of(space)) {
      if (def.owner == Owner::Framing) continue;
      std::vector<std::uint8_t> value;
      if (!encode_value(def, sample_text(def), value)) continue;  // option_samples_test: none
      SampleMessage m{space, def.code, std::vector<std::uint8_t>(kSampleSize, 0)};
      std::uint8_t* h = m.payload.data();
      h[0] = 2;  // BOOTREPLY from 52:54:00:12:34:56's server
      h[1] = 1;
      h[2] = 6;
      const std::uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
      std::copy(mac, mac + 6, h + 28);
      std::copy(std::begin(kMagicCookie), std::end(kMagicCookie), h + 236);
      OptionWriter w(m.payload, 240);
      if (!(space == OptionSpace::Dhcp && def.code == kOptMessageType))
        w.number(OptionSpace::Dhcp, kOptMessageType, kMsgOffer);
      if (space == OptionSpace::Dhcp) {
        w.value(space, def.code, value);
      } else {
        if (space == OptionSpace::Pxe) w.text(OptionSpace::Dhcp, kOptVendorClass, "PXEClient");
        std::array<std::uint8_t, kSampleSize> sub_buffer;
        OptionWriter sub(sub_buffer);
        sub.value(space, def.code, value);
        sub.end();
        w.bytes(OptionSpace::Dhcp, carrier(space), sub.written());
      }
      w.end();
      m.payload.resize(w.size());
      out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace pxescope::dhcp
