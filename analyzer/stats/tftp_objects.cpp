// ObjectExtractor's TFTP part: the dissector ties every DATA/ACK/OACK/ERROR of a transfer to
// its request (tftp.request_frame); blocks are taken in order, a repeated block or ACK is a
// retransmission, a DATA shorter than the block size ends the file (RFC 1350), and a block that
// skips ahead leaves a hole: what follows is not added, the file stays incomplete.
#include <algorithm>
#include <charconv>

#include "analyzer/stats/object_extractor.hpp"
#include "analyzer/tftp/tftp_dissector.hpp"
#include "analyzer/tftp/tftp_summary.hpp"

namespace pxescope {
namespace {

std::uint64_t uint_child(const FieldTree& tree, NodeId parent, std::string_view name,
                         std::uint64_t fallback = 0) {
  const NodeId id = tree.find(name, parent);
  return id == kNoNode ? fallback : tree[id].uint_value;
}

// The OACK's tsize (RFC 2349), -1 when it has none.
std::int64_t tsize_option(const FieldTree& tree, NodeId tftp) {
  std::int64_t size = -1;
  tree.for_each_child(tftp, [&](NodeId opt) {
    if (tree[opt].name != "tftp.option") return;
    const NodeId name = tree.find("tftp.option.name", opt);
    const NodeId value = tree.find("tftp.option.value", opt);
    if (name == kNoNode || value == kNoNode || tree[name].str_value != "tsize") return;
    const std::string& v = tree[value].str_value;
    std::int64_t n = 0;
    if (std::from_chars(v.data(), v.data() + v.size(), n).ec == std::errc()) size = n;
  });
  return size;
}

}  // namespace

void ObjectExtractor::on_tftp(const Frame& frame, const FieldTree& tree, NodeId tftp) {
  const NodeId request = tree.find("tftp.request_frame", tftp);
  if (request == kNoNode) return;  // a request, or a transfer whose request was not captured
  TftpFlow& flow = tftp_[tree[request].uint_value];
  const auto opcode = uint_child(tree, tftp, "tftp.opcode");
  const std::uint64_t block = uint_child(tree, tftp, "tftp.block.full");
  switch (opcode) {
    case kTftpOack: {
      const std::uint32_t size = tftp_block_size_option(tree, tftp);
      flow.block_size = size ? size : kTftpDefaultBlockSize;
      flow.tsize = tsize_option(tree, tftp);
      break;
    }
    case kTftpAck:
      if (flow.active && block != 0 && block <= flow.last_ack)
        note_retransmission(*flow.active, frame);
      flow.last_ack = std::max(flow.last_ack, block);
      break;
    case kTftpError:
      close(flow.active, false);
      flow.ended = true;
      break;
    case kTftpData: {
      const NodeId data = tree.find("tftp.data", tftp);
      if (data == kNoNode || flow.ended) break;
      if (!flow.active) {
        if (block != 1) break;  // joined mid-transfer: not a whole file
        ExportedObject o;
        o.protocol = ObjectProtocol::Tftp;
        o.transfer_key = tree[request].uint_value;
        frame_addresses(tree, o.server, o.client);
        o.host = o.server;
        const NodeId file = tree.find("tftp.destination_file", tftp);
        if (file != kNoNode) o.name = tree[file].str_value;
        o.announced_size = flow.tsize;
        flow.active = open_object(std::move(o), frame);
      }
      if (block < flow.next_block) {
        note_retransmission(*flow.active, frame);
        break;
      }
      if (block > flow.next_block) {  // a hole: the file cannot be whole any more
        close(flow.active, false);
        flow.ended = true;
        break;
      }
      const FieldNode& n = tree[data];
      const std::size_t captured = frame.data.size();
      const std::size_t have =
          n.offset >= captured ? 0 : std::min<std::size_t>(n.length, captured - n.offset);
      feed(*flow.active, frame.data.subspan(std::min<std::size_t>(n.offset, captured), have),
           frame);
      ++flow.next_block;
      if (have < n.length || frame.original_length > captured) {  // the snap length cut it
        close(flow.active, false);
        flow.ended = true;
      } else if (n.length < flow.block_size) {  // the short block ends the file
        close(flow.active, true);
        flow.ended = true;
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace pxescope
