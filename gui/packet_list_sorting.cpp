// PacketListModel: sorting by a column. The keys are computed off the GUI thread over a
// snapshot of the rows (gui/sort_pass.cpp); the new order arrives as one layout change that
// keeps the selection on its frame. No. ascending is capture order and costs nothing.
#include <QCoreApplication>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "gui/background_pool.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/sort_pass.hpp"

namespace pxescope::gui {

JobInput PacketListModel::makeJobInput() const {
  JobInput input;
  if (live_) {
    input.source = std::make_unique<MemoryFrameSource>(live_frames_);  // a copy: it grows
  } else {
    input.source = std::make_unique<FileFrameSource>(path_.toStdString(), offsets_);
  }
  input.dissector = std::make_shared<PacketDissector>(dissector_ ? *dissector_ : PacketDissector());
  input.rows = sorted_.empty() ? visible_ : sorted_;
  input.first_ns = firstNs();
  input.lint = std::make_shared<const LintIndex>(lint_);
  return input;
}

void PacketListModel::sort(int column, Qt::SortOrder order) {
  if (column < 0 || column >= ColumnCount) return;
  sort_column_ = column;
  sort_order_ = order;
  if (!scanning_) startSort();  // else when the pass is over (acceptResult)
}

void PacketListModel::stopSortJob() {
  if (sort_cancel_) sort_cancel_->store(true);
  sort_job_.waitForFinished();
  ++sort_generation_;  // a result still queued is ignored
  sorting_ = false;
}

void PacketListModel::cancelSort() {
  stopSortJob();
  sorted_.clear();
  sorted_row_of_.clear();
}

void PacketListModel::startSort() {
  stopSortJob();
  const bool capture_order = sort_column_ == No && sort_order_ == Qt::AscendingOrder;
  if (capture_order) {
    if (sorted_.empty()) return;
    SortedRows none;
    applySort(sort_generation_, none);
    return;
  }
  auto input = std::make_shared<JobInput>(makeJobInput());
  input->rows = visible_;  // keys in capture order: ties keep it
  sort_cancel_ = std::make_shared<std::atomic<bool>>(false);
  sorting_ = true;
  const std::uint64_t generation = sort_generation_;
  const int column = sort_column_;
  const bool descending = sort_order_ == Qt::DescendingOrder;
  auto cancel = sort_cancel_;
  QPointer<PacketListModel> self(this);
  sort_job_ =
      QtConcurrent::run(backgroundPool(), [self, generation, input, column, descending, cancel] {
        auto progress = [&](int percent) {
          QMetaObject::invokeMethod(
              self,
              [self, percent] {
                if (self) emit self->sortProgress(percent);
              },
              Qt::QueuedConnection);
        };
        auto order =
            std::make_shared<SortedRows>(run_sort(*input, column, descending, *cancel, progress));
        if (cancel->load()) return;
        QMetaObject::invokeMethod(
            self,
            [self, generation, order] {
              if (self) self->applySort(generation, *order);
            },
            Qt::QueuedConnection);
      });
}

void PacketListModel::applySort(std::uint64_t generation, SortedRows& order) {
  if (generation != sort_generation_ || order.rows.size() > visible_.size()) return;
  sorting_ = false;
  emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
  // Persistent indexes (the selection) follow their frames.
  const QModelIndexList before = persistentIndexList();
  std::vector<std::uint64_t> frames;
  frames.reserve(static_cast<std::size_t>(before.size()));
  for (const QModelIndex& i : before) frames.push_back(frameOfRow(i.row()));
  const bool capture_order = sort_column_ == No && sort_order_ == Qt::AscendingOrder;
  sorted_.clear();
  sorted_row_of_.clear();
  if (!capture_order) {
    // Moved, not searched: the job computed both halves (linear on the GUI thread at most).
    sorted_ = std::move(order.rows);
    sorted_row_of_ = std::move(order.row_of);
    // Live frames that arrived while the keys were computed go at the end, unsorted.
    appendSortedRows(sorted_.size());
  }
  QModelIndexList after;
  after.reserve(before.size());
  for (qsizetype i = 0; i < before.size(); ++i)
    after.push_back(index(rowOfFrame(frames[static_cast<std::size_t>(i)]), before[i].column()));
  changePersistentIndexList(before, after);
  emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
  emit sortProgress(100);
  emit sortFinished();
}

void PacketListModel::appendSortedRows(std::size_t first_position) {
  if (sorted_.empty()) return;
  for (std::size_t p = first_position; p < visible_.size(); ++p) {
    sorted_row_of_.push_back(static_cast<std::int32_t>(sorted_.size()));
    sorted_.push_back(visible_[p]);
  }
}

void PacketListModel::waitForSort() {
  sort_job_.waitForFinished();
  QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

}  // namespace pxescope::gui
