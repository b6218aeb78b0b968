#include "analyzer/fields/field_registry.hpp"

#include <algorithm>
#include <cstdint>

namespace pxescope::fields {

std::span<const ProtocolFields* const> registered_protocols();  // field_index.cpp

std::string_view field_type_name(FieldType t) {
  switch (t) {
    case FieldType::Protocol:
      return "FT_PROTOCOL";
    case FieldType::Label:
      return "FT_NONE";
    case FieldType::UInt:
      return "FT_UINT";
    case FieldType::Int:
      return "FT_INT";
    case FieldType::Bool:
      return "FT_BOOLEAN";
    case FieldType::String:
      return "FT_STRING";
    case FieldType::Bytes:
      return "FT_BYTES";
    case FieldType::Ether:
      return "FT_ETHER";
    case FieldType::Ipv4:
      return "FT_IPv4";
    case FieldType::Ipv6:
      return "FT_IPv6";
    case FieldType::Time:
      return "FT_ABSOLUTE_TIME";
    case FieldType::RelTime:
      return "FT_RELATIVE_TIME";
    case FieldType::Float:
      return "FT_DOUBLE";
    case FieldType::FrameNum:
      return "FT_FRAMENUM";
  }
  return "FT_NONE";
}

namespace {

std::vector<RegisteredField> build() {
  std::vector<RegisteredField> all;
  for (const ProtocolFields* p : registered_protocols()) {
    all.push_back({{p->protocol, p->description, FieldType::Protocol}, p->protocol});
    for (const FieldInfo& f : p->fields) all.push_back({f, p->protocol});
    if (p->generated)
      for (const FieldInfo& f : p->generated()) all.push_back({f, p->protocol});
  }
  std::stable_sort(all.begin(), all.end(), [](const RegisteredField& a, const RegisteredField& b) {
    return a.info.name < b.info.name;
  });
  // A name registered twice keeps its first registration (tests assert there are none).
  all.erase(std::unique(all.begin(), all.end(),
                        [](const RegisteredField& a, const RegisteredField& b) {
                          return a.info.name == b.info.name;
                        }),
            all.end());
  return all;
}

const std::vector<RegisteredField>& registry() {
  static const std::vector<RegisteredField> table = build();
  return table;
}

}  // namespace

std::span<const RegisteredField> all_fields() {
  return registry();
}

const RegisteredField* find_field(std::string_view name) {
  const auto& table = registry();
  const auto it = std::lower_bound(
      table.begin(), table.end(), name,
      [](const RegisteredField& f, std::string_view n) { return f.info.name < n; });
  return it != table.end() && it->info.name == name ? &*it : nullptr;
}

const FieldInfo* find_field_info_cached(std::string_view name) {
  // An open-addressing table keyed by the address of the name's characters: names are a
  // finite set of literals, so entries are never evicted (no two names fighting over one
  // slot on every packet) and the few hundred in use stay in a few KB of cache.
  struct Slot {
    const char* data = nullptr;
    std::uint32_t size = 0;
    const FieldInfo* info = nullptr;
  };
  static constexpr std::size_t kSlots = 512;           // 2^9
  static constexpr std::size_t kMaxUsed = kSlots / 2;  // then new names go uncached
  thread_local Slot cache[kSlots];
  thread_local std::size_t used = 0;
  const auto key = reinterpret_cast<std::uintptr_t>(name.data());
  // Fibonacci hashing: literals sit a few bytes apart, so every address bit must count.
  for (std::size_t i = (key * 0x9E3779B97F4A7C15ull) >> (64 - 9);; i = (i + 1) & (kSlots - 1)) {
    Slot& slot = cache[i];
    if (slot.data == name.data() && slot.size == name.size()) return slot.info;
    if (slot.data != nullptr) continue;
    const RegisteredField* f = find_field(name);
    if (used == kMaxUsed || name.size() > UINT32_MAX) return f ? &f->info : nullptr;
    ++used;
    slot = {name.data(), static_cast<std::uint32_t>(name.size()), f ? &f->info : nullptr};
    return slot.info;
  }
}

std::span<const ProtocolFields* const> protocols() {
  return registered_protocols();
}

}  // namespace pxescope::fields
