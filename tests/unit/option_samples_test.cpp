// Every row of the option table has a sample value its encoder takes, and a sample OFFER
// made with the option writer that the dissector reads back with the row's own field:
// the fuzz seeds for every option (fuzz/seeds.cpp) and a check that table, writer and
// dissector agree on every row.
#include "analyzer/dhcp/option_samples.hpp"

#include <gtest/gtest.h>

#include "unit/dhcp_test_util.hpp"

namespace pxescope::dhcp {
namespace {

TEST(OptionSamples, EveryRowButPadAndEndHasASampleMessage) {
  std::size_t rows = 0;
  for (OptionSpace space :
       {OptionSpace::Dhcp, OptionSpace::Pxe, OptionSpace::Ipxe, OptionSpace::Relay})
    for (const OptionDef& def : options_of(space)) {
      if (def.owner == Owner::Framing) continue;
      ++rows;
      std::vector<std::uint8_t> value;
      std::string error;
      EXPECT_TRUE(encode_value(def, sample_text(def), value, &error))
          << space_name(space) << "." << int{def.code} << ": " << error;
    }
  EXPECT_EQ(sample_messages().size(), rows);
  EXPECT_GT(rows, 150u);
}

TEST(OptionSamples, TheDissectorReadsEachSampleWithItsRowsField) {
  for (const SampleMessage& m : sample_messages()) {
    const OptionDef* def = find_option(m.space, m.code);
    ASSERT_NE(def, nullptr);
    SCOPED_TRACE(std::string(space_name(m.space)) + "." + std::to_string(m.code) + " " +
                 std::string(def->label));
    FieldTree t;
    ASSERT_NE(dhcp_test::dissect(m.payload, t), kNoNode);
    std::string_view field = def->field;
    if (field.empty() && !def->record.empty()) field = def->record.front().field;
    if (m.space == OptionSpace::Dhcp) {
      EXPECT_NE(dhcp_test::option(t, m.code), kNoNode);
    }
    // Hooked rows name their own nodes (61's hardware address, 120's encoding) and an
    // empty value has no value node; every other row's value node carries its field.
    const bool plain = def->hook == DecodeHook::None && def->type != ValueType::Empty;
    if (plain && !field.empty() && field != "dhcp.option.value") {
      EXPECT_NE(t.find(field), kNoNode) << field;
    }
  }
}

}  // namespace
}  // namespace pxescope::dhcp
