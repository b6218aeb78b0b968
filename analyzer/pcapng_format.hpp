// pcapng block types and option codes (draft-ietf-opsawg-pcapng), shared by the reader and
// the writer.
#pragma once

#include <cstdint>

namespace pxescope::pcapng {

inline constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
inline constexpr std::uint32_t kInterfaceDescription = 1;
inline constexpr std::uint32_t kObsoletePacket = 2;
inline constexpr std::uint32_t kSimplePacket = 3;
inline constexpr std::uint32_t kEnhancedPacket = 6;
inline constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
inline constexpr std::uint16_t kOptEnd = 0;
inline constexpr std::uint16_t kShbUserAppl = 4;
inline constexpr std::uint16_t kIfTsresol = 9;
inline constexpr std::uint16_t kIfTsoffset = 14;

}  // namespace pxescope::pcapng
