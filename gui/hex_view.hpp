// The hex/ASCII pane: 16 bytes a line, a byte range highlighted in both halves, and a click
// on a byte (hex or ASCII) reports its offset.
#pragma once

#include <QPlainTextEdit>
#include <cstdint>
#include <vector>

namespace pxescope::gui {

class HexView : public QPlainTextEdit {
  Q_OBJECT

 public:
  explicit HexView(QWidget* parent = nullptr);

  void setBytes(std::vector<std::uint8_t> bytes);
  // Highlights [offset, offset + length) (length 0: nothing) and scrolls it into view.
  void highlight(std::uint32_t offset, std::uint32_t length);
  std::uint32_t highlightOffset() const { return hl_offset_; }
  std::uint32_t highlightLength() const { return hl_length_; }
  // The byte under a text position (line, column), or -1 on spacing / out of range.
  long byteAt(int line, int column) const;
  // Text columns of byte `index_in_line` (0..15) in the hex and the ASCII halves.
  static int hexColumn(int index_in_line);
  static int asciiColumn(int index_in_line);
  // Lines the default layout shows: enough to see where a field sits, the tree keeps the rest.
  static constexpr int kDefaultLines = 8;
  // Wide enough for a whole line (offset, 16 bytes in hex and ASCII) and the scroll bar, and
  // tall enough for kDefaultLines of them: the default layout gives the pane this height.
  QSize sizeHint() const override;

 signals:
  void byteClicked(std::uint32_t offset);

 protected:
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  std::vector<std::uint8_t> bytes_;
  std::uint32_t hl_offset_ = 0, hl_length_ = 0;
};

}  // namespace pxescope::gui
