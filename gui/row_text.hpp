// The text of one packet-list row, made from a frame by the analyzer's dissector: the columns
// the model shows and the background jobs (find, sort) compare. One function, so that what is
// found and sorted is exactly what the list shows.
#pragma once

#include <QString>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope::gui {

// Fills columns[0..PacketListModel::ColumnCount) but Time (the model writes it from its time
// format) and No (the frame number); dissects the frame into `tree`. Reusable: every column
// it fills is overwritten or cleared.
void fill_row_columns(const Frame& frame, PacketDissector& dissector, FieldTree& tree,
                      QString* columns);

}  // namespace pxescope::gui
