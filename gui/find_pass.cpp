#include "gui/find_pass.hpp"

#include <QString>
#include <QStringList>

#include "analyzer/filter/frame_context.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/row_text.hpp"

namespace pxescope::gui {

std::uint64_t run_find(JobInput& input, const FindRequest& request, const std::atomic<bool>& cancel,
                       const std::function<void(int)>& progress) {
  const auto count = static_cast<std::int64_t>(input.rows.size());
  if (count == 0) return 0;
  FieldTree tree;
  Frame frame;
  QString columns[PacketListModel::ColumnCount];
  const std::int64_t step = request.backwards ? -1 : 1;
  std::int64_t row = request.start_row;
  if (row < 0) row = request.backwards ? count : -1;
  for (std::int64_t done = 0; done < count; ++done) {
    if (cancel.load(std::memory_order_relaxed)) return 0;
    row = ((row + step) % count + count) % count;  // wraps around once
    const std::uint64_t number = input.rows[static_cast<std::size_t>(row)] + 1ull;
    if (!input.source->read(number, frame)) continue;
    std::string_view text;
    std::string joined;
    if (request.search.needs_tree() || request.search.needs_list_text()) {
      if (request.search.needs_list_text()) {
        fill_row_columns(frame, *input.dissector, tree, columns);
        QStringList parts;
        for (const QString& c : columns)
          if (!c.isEmpty()) parts << c;
        joined = parts.join(QLatin1Char(' ')).toStdString();
        text = joined;
      } else {
        input.dissector->dissect(frame, tree);
      }
      // `_ws.expert` finds what colours the row: the linter's findings too.
      if (const auto* findings = input.lint ? input.lint->find(number) : nullptr)
        annotate_reply_tree(tree, *findings);
    }
    // The previous frame is not known here: frame.time_delta reads as 0.
    const std::int64_t now = filter::frame_time_ns(frame);
    const filter::FrameContext context = filter::frame_context(frame, input.first_ns, now);
    if (request.search.matches(frame.data, &tree, &context, text)) return number;
    if (progress && done % 20000 == 0) progress(static_cast<int>(100 * done / count));
  }
  return 0;
}

}  // namespace pxescope::gui
