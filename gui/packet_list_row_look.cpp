// PacketListModel: what a row looks like beyond its decoded text — the Time column in the
// chosen format with time references, marked rows drawn inverted, and the colouring rules'
// tints made to follow the palette.
#include <QGuiApplication>
#include <QPalette>
#include <algorithm>
#include <iterator>

#include "analyzer/filter/frame_context.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/row_colours.hpp"

namespace pxescope::gui {

std::int64_t PacketListModel::firstNs() const {
  return first_sec_ * 1000000000ll + first_nsec_;
}

std::int64_t PacketListModel::timeOf(std::uint64_t frame) const {
  if (const RowText* cached = row_cache_.object(frame)) return cached->time_ns;
  Frame f;
  return readFrame(frame, f) ? filter::frame_time_ns(f) : 0;
}

QString PacketListModel::timeText(std::uint64_t frame, const RowText& text) const {
  TimeCell cell{frame, text.time_ns, firstNs(), -1};
  if (time_format_ == TimeFormat::SincePrevious) {
    // The previous displayed frame in capture order, whatever the sort (as Wireshark).
    const auto it =
        std::lower_bound(visible_.begin(), visible_.end(), static_cast<std::uint32_t>(frame - 1));
    if (it != visible_.begin()) cell.previous_ns = timeOf(*std::prev(it) + 1ull);
  }
  return QString::fromStdString(time_column(time_format_, time_refs_, cell));
}

void PacketListModel::setTimeFormat(TimeFormat format) {
  if (format == time_format_) return;
  time_format_ = format;
  if (rowCount() > 0) emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
}

bool PacketListModel::toggleTimeReference(std::uint64_t frame) {
  if (frame == 0 || frame > frameCount()) return false;
  const bool now = time_refs_.toggle(frame, timeOf(frame));
  if (rowCount() > 0) emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
  return now;
}

bool PacketListModel::toggleMark(std::uint64_t frame) {
  if (frame == 0 || frame > frameCount()) return false;
  const bool now = marked_.erase(frame) == 0;
  if (now) marked_.insert(frame);
  if (const int row = rowOfFrame(frame); row >= 0)
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
  return now;
}

int PacketListModel::nextMarkedRow(int row, bool backwards) const {
  const int count = rowCount();
  if (marked_.empty() || count == 0) return -1;
  const int step = backwards ? -1 : 1;
  if (row < 0) row = backwards ? count : -1;
  for (int done = 0; done < count; ++done) {
    row = ((row + step) % count + count) % count;
    if (marked_.count(frameOfRow(row))) return row;
  }
  return -1;
}

void PacketListModel::setColourRules(std::shared_ptr<const ColourRuleSet> rules) {
  colours_ = std::move(rules);
  row_cache_.clear();  // the rule of each row is kept with its text
  if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int PacketListModel::colourRuleOf(std::uint64_t frame) const {
  if (rowOfFrame(frame) < 0) return -1;
  return rowText(frame)->colour_rule;
}

QVariant PacketListModel::rowColour(std::uint64_t frame, int role) const {
  const QPalette palette = QGuiApplication::palette();
  if (marked_.count(frame))  // inverted, as Wireshark draws marked packets
    return palette.color(role == Qt::BackgroundRole ? QPalette::Text : QPalette::Base);
  const int rule = rowText(frame)->colour_rule;
  if (rule < 0) return {};
  const ColourRule& r = colours_->rules()[static_cast<std::size_t>(rule)];
  const QColor background = rowBackground(r.background, palette);
  return role == Qt::BackgroundRole ? background : rowForeground(r.foreground, background, palette);
}

}  // namespace pxescope::gui
