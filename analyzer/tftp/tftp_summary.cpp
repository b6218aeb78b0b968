#include "analyzer/tftp/tftp_summary.hpp"

#include <charconv>
#include <cstdio>
#include <cstring>

#include "analyzer/ascii.hpp"
#include "analyzer/tftp/tftp_dissector.hpp"

namespace pxescope {
namespace {

// A fixed buffer the summary is appended to (cut at its size, never allocating).
struct InfoText {
  char buf[512];
  std::size_t used = 0;
  void add(std::string_view s) {
    const std::size_t n = std::min(s.size(), sizeof buf - used);
    std::memcpy(buf + used, s.data(), n);
    used += n;
  }
  void add_uint(std::uint64_t v) {
    char num[24];
    add({num, static_cast<std::size_t>(std::to_chars(num, num + sizeof num, v).ptr - num)});
  }
  std::string_view view() const { return {buf, used}; }
};

const FieldNode* child(const FieldTree& t, NodeId top, std::string_view name) {
  const NodeId id = t.find(name, top);
  return id == kNoNode ? nullptr : &t[id];
}

// ", name=value" for each option, in packet order.
void add_options(const FieldTree& t, NodeId top, InfoText& info) {
  t.for_each_child(top, [&](NodeId opt) {
    if (t[opt].name != "tftp.option") return;
    const FieldNode* name = child(t, opt, "tftp.option.name");
    const FieldNode* value = child(t, opt, "tftp.option.value");
    info.add(", ");
    if (name) info.add(name->str_value);
    info.add("=");
    if (value) info.add(value->str_value);
  });
}

}  // namespace

void set_tftp_summary(FieldTree& t, NodeId top, std::uint32_t block_size) {
  if (!t.info_wanted()) return t.set_summary("TFTP", {});
  InfoText info;
  const FieldNode* op = child(t, top, "tftp.opcode");
  if (!op) {
    t.set_summary("TFTP", "Truncated TFTP packet");
    return;
  }
  const auto opcode = static_cast<std::uint16_t>(op->uint_value);
  info.add(tftp_opcode_name(opcode));
  const FieldNode* block = child(t, top, "tftp.block");
  switch (opcode) {
    case kTftpRrq:
    case kTftpWrq: {
      // The request's own file node comes first (a generated one never precedes it).
      const FieldNode* file =
          child(t, top, opcode == kTftpRrq ? "tftp.source_file" : "tftp.destination_file");
      const FieldNode* type = child(t, top, "tftp.type");
      info.add(", File: ");
      if (file) info.add(file->str_value);
      info.add(", Transfer type: ");
      if (type) info.add(type->str_value);
      add_options(t, top, info);
      break;
    }
    case kTftpData:
    case kTftpAck:
      if (!block) break;
      info.add(", Block: ");
      info.add_uint(block->uint_value);
      if (const FieldNode* data = child(t, top, "tftp.data");
          data && opcode == kTftpData && data->length < block_size)
        info.add(" (last)");
      break;
    case kTftpError: {
      const FieldNode* code = child(t, top, "tftp.error.code");
      const FieldNode* message = child(t, top, "tftp.error.message");
      if (!code) break;
      info.add(", Code: ");
      info.add(tftp_error_name(static_cast<std::uint16_t>(code->uint_value)));
      info.add(", Message: ");
      if (message) info.add(message->str_value);
      break;
    }
    case kTftpOack:
      add_options(t, top, info);
      break;
    default:
      break;
  }
  t.set_summary("TFTP", info.view());
}

std::uint32_t tftp_block_size_option(const FieldTree& t, NodeId top) {
  std::uint32_t size = 0;
  t.for_each_child(top, [&](NodeId opt) {
    if (t[opt].name != "tftp.option") return;
    const FieldNode* name = child(t, opt, "tftp.option.name");
    const FieldNode* value = child(t, opt, "tftp.option.value");
    if (!name || !value || !ascii_iequals(name->str_value, "blksize")) return;
    const std::string& v = value->str_value;
    std::uint32_t parsed = 0;
    if (std::from_chars(v.data(), v.data() + v.size(), parsed).ec == std::errc()) size = parsed;
  });
  return size;
}

}  // namespace pxescope
