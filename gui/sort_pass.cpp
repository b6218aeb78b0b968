#include "gui/sort_pass.hpp"

#include <QString>
#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>

#include "analyzer/filter/frame_context.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/row_text.hpp"

namespace pxescope::gui {
namespace {

using Column = PacketListModel::Column;

// Numeric columns sort by a number read from the frame, without dissecting it.
bool numeric(int column) {
  return column == Column::No || column == Column::Time || column == Column::Length;
}

std::int64_t numberKey(int column, const Frame& frame) {
  if (column == Column::Length) return frame.original_length;
  if (column == Column::Time) return filter::frame_time_ns(frame);
  return static_cast<std::int64_t>(frame.index);
}

// The text keys of a million rows, case-folded UTF-8 in one buffer: a QString per row took
// ~150 MB more at the peak and stayed in the heap after the sort (bench/gui/README.md).
struct TextKeys {
  std::string bytes;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  // offset, length
  void add(const QString& text) {
    const QByteArray folded = text.toCaseFolded().toUtf8();
    spans.emplace_back(static_cast<std::uint32_t>(bytes.size()),
                       static_cast<std::uint32_t>(folded.size()));
    bytes.append(folded.constData(), static_cast<std::size_t>(folded.size()));
  }
  std::string_view operator[](std::size_t i) const {
    return {bytes.data() + spans[i].first, spans[i].second};
  }
  std::size_t size() const { return spans.size(); }
};

// Positions 0..n-1 sorted by key, ties by position (rows are in capture order).
template <typename Keys, typename Less>
std::vector<std::uint32_t> order(const Keys& keys, bool descending, Less less) {
  std::vector<std::uint32_t> positions(keys.size());
  std::iota(positions.begin(), positions.end(), 0u);
  std::stable_sort(positions.begin(), positions.end(), [&](std::uint32_t a, std::uint32_t b) {
    return descending ? less(keys[b], keys[a]) : less(keys[a], keys[b]);
  });
  return positions;
}

}  // namespace

SortedRows run_sort(JobInput& input, int column, bool descending, const std::atomic<bool>& cancel,
                    const std::function<void(int)>& progress) {
  const std::size_t count = input.rows.size();
  std::vector<std::int64_t> numbers;
  TextKeys texts;
  if (numeric(column))
    numbers.reserve(count);
  else
    texts.spans.reserve(count);
  FieldTree tree;
  Frame frame;
  QString columns[PacketListModel::ColumnCount];
  for (std::size_t i = 0; i < count; ++i) {
    if (cancel.load(std::memory_order_relaxed)) return {};
    const std::uint64_t number = input.rows[i] + 1ull;
    if (column == Column::No) {  // the index has it: no frame to read
      numbers.push_back(static_cast<std::int64_t>(number));
      continue;
    }
    const bool read = input.source->read(number, frame);
    if (numeric(column)) {
      numbers.push_back(read ? numberKey(column, frame) : 0);
    } else {
      columns[column].clear();
      if (read) fill_row_columns(frame, *input.dissector, tree, columns);
      texts.add(columns[column]);
    }
    if (progress && i % 20000 == 0)
      progress(static_cast<int>(90 * i / std::max<std::size_t>(count, 1)));
  }
  const std::vector<std::uint32_t> positions =
      numeric(column) ? order(numbers, descending, std::less<>())
                      : order(texts, descending, std::less<std::string_view>());
  SortedRows sorted;
  sorted.rows.resize(count);
  sorted.row_of.resize(count);
  for (std::size_t row = 0; row < count; ++row) {
    sorted.rows[row] = input.rows[positions[row]];
    sorted.row_of[positions[row]] = static_cast<std::int32_t>(row);
  }
  return sorted;
}

}  // namespace pxescope::gui
