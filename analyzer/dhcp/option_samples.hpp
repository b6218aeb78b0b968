// One sample value and one sample message for every row of the option table, made with
// the same encoder and writer as the responder's replies: the fuzz target's seeds for every
// option the table knows (fuzz/seeds.cpp), and a self-test of table, writer and dissector.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/dhcp/option_table.hpp"

namespace pxescope::dhcp {

// A value text encode_value() accepts for `def` ("192.0.2.1", "lab.example", "1,1,text").
std::string sample_text(const OptionDef& def);

struct SampleMessage {
  OptionSpace space = OptionSpace::Dhcp;
  std::uint8_t code = 0;
  std::vector<std::uint8_t> payload;  // a BOOTP/DHCP OFFER, from the op byte to End
};

// For every row but Pad/End of every space: an OFFER carrying that option with its sample
// value (a sub-option inside 43 with 60 = PXEClient, inside 175 or inside 82).
std::vector<SampleMessage> sample_messages();

}  // namespace pxescope::dhcp
