#include "gui/hex_view.hpp"

#include <QFontDatabase>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTextBlock>

namespace pxescope::gui {
namespace {

constexpr int kBytesPerLine = 16;
constexpr int kHexStart = 6;     // "0000  "
constexpr int kAsciiStart = 57;  // after 16 "xx " groups, the mid gap and two spaces

}  // namespace

HexView::HexView(QWidget* parent) : QPlainTextEdit(parent) {
  setReadOnly(true);
  setLineWrapMode(QPlainTextEdit::NoWrap);
  setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

int HexView::hexColumn(int i) {
  return kHexStart + 3 * i + (i >= 8 ? 1 : 0);
}
int HexView::asciiColumn(int i) {
  return kAsciiStart + i + (i >= 8 ? 1 : 0);
}

QSize HexView::sizeHint() const {
  const int line = fontMetrics().horizontalAdvance(
      QString(asciiColumn(kBytesPerLine - 1) + 1, QLatin1Char('0')));
  const QMargins m = contentsMargins();
  const int width = line + 2 * static_cast<int>(document()->documentMargin()) + m.left() +
                    m.right() + 2 * frameWidth() + verticalScrollBar()->sizeHint().width() + 4;
  const int height = kDefaultLines * fontMetrics().lineSpacing() +
                     2 * static_cast<int>(document()->documentMargin()) + m.top() + m.bottom() +
                     2 * frameWidth();
  return {width, height};
}

void HexView::setBytes(std::vector<std::uint8_t> bytes) {
  bytes_ = std::move(bytes);
  hl_offset_ = hl_length_ = 0;
  QString text;
  text.reserve(static_cast<qsizetype>(bytes_.size() / kBytesPerLine + 1) * 76);
  for (std::size_t line = 0; line * kBytesPerLine < bytes_.size(); ++line) {
    QString row(kAsciiStart + kBytesPerLine + 1, QLatin1Char(' '));
    const QString offset = QStringLiteral("%1").arg(line * kBytesPerLine, 4, 16, QLatin1Char('0'));
    row.replace(0, offset.size(), offset);
    for (int i = 0; i < kBytesPerLine; ++i) {
      const std::size_t at = line * kBytesPerLine + static_cast<std::size_t>(i);
      if (at >= bytes_.size()) break;
      const std::uint8_t b = bytes_[at];
      static constexpr char kHex[] = "0123456789abcdef";
      row[hexColumn(i)] = QLatin1Char(kHex[b >> 4]);
      row[hexColumn(i) + 1] = QLatin1Char(kHex[b & 15]);
      row[asciiColumn(i)] = QLatin1Char(b >= 0x20 && b < 0x7f ? static_cast<char>(b) : '.');
    }
    const int count = static_cast<int>(
        std::min<std::size_t>(kBytesPerLine, bytes_.size() - line * kBytesPerLine));
    if (line) text += QLatin1Char('\n');
    text += row.left(asciiColumn(count - 1) + 1);
  }
  setPlainText(text);
  setExtraSelections({});
}

void HexView::highlight(std::uint32_t offset, std::uint32_t length) {
  hl_offset_ = offset;
  hl_length_ = length;
  QList<QTextEdit::ExtraSelection> selections;
  const std::uint64_t end = std::min<std::uint64_t>(std::uint64_t{offset} + length, bytes_.size());
  QTextCharFormat format;
  format.setBackground(palette().highlight());
  format.setForeground(palette().highlightedText());
  QTextCursor first;
  for (std::uint64_t at = offset; at < end;) {
    const int line = static_cast<int>(at / kBytesPerLine);
    const int from = static_cast<int>(at % kBytesPerLine);
    const int to = static_cast<int>(
        std::min<std::uint64_t>(end - 1, (line + 1ull) * kBytesPerLine - 1) % kBytesPerLine);
    const QTextBlock block = document()->findBlockByNumber(line);
    auto select = [&](int start_col, int end_col) {
      QTextEdit::ExtraSelection sel;
      sel.cursor = QTextCursor(block);
      sel.cursor.setPosition(block.position() + start_col);
      sel.cursor.setPosition(block.position() + end_col, QTextCursor::KeepAnchor);
      sel.format = format;
      selections.append(sel);
    };
    select(hexColumn(from), hexColumn(to) + 2);
    select(asciiColumn(from), asciiColumn(to) + 1);
    if (first.isNull()) first = selections.front().cursor;
    at = (line + 1ull) * kBytesPerLine;
  }
  setExtraSelections(selections);
  if (!first.isNull()) {
    QTextCursor c(document());
    c.setPosition(first.selectionStart());
    setTextCursor(c);
    ensureCursorVisible();
  }
}

long HexView::byteAt(int line, int column) const {
  int index = -1;
  for (int i = 0; i < kBytesPerLine && index < 0; ++i) {
    if (column == hexColumn(i) || column == hexColumn(i) + 1 || column == asciiColumn(i)) index = i;
  }
  if (index < 0 || line < 0) return -1;
  const std::size_t at =
      static_cast<std::size_t>(line) * kBytesPerLine + static_cast<std::size_t>(index);
  return at < bytes_.size() ? static_cast<long>(at) : -1;
}

void HexView::mouseReleaseEvent(QMouseEvent* event) {
  QPlainTextEdit::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton) return;
  const QTextCursor c = cursorForPosition(event->position().toPoint());
  // cursorForPosition lands between characters: the byte is the one the click was over.
  const QRect r = cursorRect(c);
  int column = c.positionInBlock();
  if (event->position().x() < r.left() && column > 0) --column;
  const long at = byteAt(c.blockNumber(), column);
  if (at >= 0) emit byteClicked(static_cast<std::uint32_t>(at));
}

}  // namespace pxescope::gui
