#include "gui/packet_list_model.hpp"

#include <QColor>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFont>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <chrono>

#include "analyzer/pcapng_writer.hpp"
#include "analyzer/summary.hpp"
#include "analyzer/tftp/live_tftp_ports.hpp"
#include "gui/background_pool.hpp"
#include "gui/row_text.hpp"

namespace pxescope::gui {

double PacketListModel::secondsSinceFirst(std::int64_t sec, std::uint32_t nsec) const {
  return static_cast<double>(sec - first_sec_) +
         (static_cast<double>(nsec) - static_cast<double>(first_nsec_)) / 1e9;
}

PacketListModel::PacketListModel(QObject* parent) : QAbstractTableModel(parent) {
  std::string error;  // the defaults always compile (colour_rules_test)
  colours_ =
      std::make_shared<const ColourRuleSet>(*ColourRuleSet::compile(default_colour_rules(), error));
}

PacketListModel::~PacketListModel() {
  cancelSort();
  stopScan();
}

bool PacketListModel::openFile(const QString& path, QString* error) {
  // Check the file before dropping the current one, so a bad file leaves the window as it was.
  auto probe = std::make_unique<FrameFetcher>();
  if (!probe->open(path.toStdString())) {
    if (error) *error = QString::fromStdString(probe->error());
    return false;
  }
  close();
  fetcher_ = std::move(probe);
  path_ = path;
  startScan();
  return true;
}

void PacketListModel::close() {
  stopLive();
  stopScan();
  beginResetModel();
  cancelSort();
  path_.clear();
  fetcher_.reset();
  offsets_.clear();
  facts_.clear();
  visible_.clear();
  clients_.clear();
  live_ = false;
  live_frames_.clear();
  live_clients_.clear();
  live_clock_.reset();
  live_linter_.clear();
  membership_ = std::make_shared<ClientMembership>();  // live frames learn into it
  live_iface_.clear();
  scan_error_.clear();
  unlisted_client_frames_ = 0;
  lint_.clear();
  row_cache_.clear();
  marked_.clear();
  time_refs_.clear();
  dissector_ = std::make_shared<PacketDissector>();
  endResetModel();
  emit clientsChanged();
}

void PacketListModel::setFilters(std::optional<filter::DisplayFilter> filter, bool pxe_only,
                                 bool dhcp_only) {
  options_.filter = std::move(filter);
  options_.pxe_only = pxe_only;
  options_.dhcp_only = dhcp_only;
  if (live_)
    refilterLive();
  else if (!path_.isEmpty())
    startScan();
}

void PacketListModel::stopScan() {
  if (cancel_) cancel_->store(true);
  scan_.waitForFinished();
  ++generation_;  // chunks still queued from the old pass are ignored
  scanning_ = false;
}

void PacketListModel::cancelScan() {
  if (!scanning_ || live_) return;
  stopScan();
  scan_error_ = QStringLiteral(
                    "stopped (Esc) after %1 frames; apply a filter or open the file "
                    "again to read on")
                    .arg(facts_.size());
  emit scanProgress(100);
  emit scanFinished();
}

void PacketListModel::startScan() {
  stopScan();
  beginResetModel();
  cancelSort();
  visible_.clear();
  endResetModel();
  options_.path = path_.toStdString();
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  scanning_ = true;
  const std::uint64_t generation = generation_;
  ScanOptions options = options_;
  auto cancel = cancel_;
  QPointer<PacketListModel> self(this);
  scan_ = QtConcurrent::run(backgroundPool(), [self, generation, options, cancel] {
    ScanResult result = run_scan(options, *cancel, [&](ScanChunk&& chunk) {
      auto shared = std::make_shared<ScanChunk>(std::move(chunk));
      QMetaObject::invokeMethod(
          self,
          [self, generation, shared] {
            if (self) self->acceptChunk(generation, *shared);
          },
          Qt::QueuedConnection);
    });
    auto shared = std::make_shared<ScanResult>(std::move(result));
    QMetaObject::invokeMethod(
        self,
        [self, generation, shared] {
          if (self) self->acceptResult(generation, *shared);
        },
        Qt::QueuedConnection);
  });
}

void PacketListModel::waitForScan() {
  scan_.waitForFinished();
  QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

void PacketListModel::acceptChunk(std::uint64_t generation, ScanChunk& chunk) {
  if (generation != generation_) return;
  if (chunk.first_frame == 0 && !chunk.offsets.empty()) {
    first_sec_ = chunk.first_ts_sec;
    first_nsec_ = chunk.first_ts_nsec;
  }
  // Offsets and facts are the same on every pass; store them the first time only.
  const std::uint64_t end = chunk.first_frame + chunk.offsets.size();
  if (end > offsets_.size() && chunk.first_frame <= offsets_.size()) {
    const std::size_t skip = offsets_.size() - chunk.first_frame;
    for (auto& [frame, findings] : chunk.findings)
      if (frame > offsets_.size()) lint_.add(frame, std::move(findings));
    offsets_.insert(offsets_.end(), chunk.offsets.begin() + static_cast<std::ptrdiff_t>(skip),
                    chunk.offsets.end());
    facts_.insert(facts_.end(), chunk.facts.begin() + static_cast<std::ptrdiff_t>(skip),
                  chunk.facts.end());
  }
  if (!chunk.visible.empty()) {
    const int first = static_cast<int>(visible_.size());
    beginInsertRows({}, first, first + static_cast<int>(chunk.visible.size()) - 1);
    visible_.insert(visible_.end(), chunk.visible.begin(), chunk.visible.end());
    endInsertRows();
  }
  if (chunk.bytes_total > 0)
    emit scanProgress(static_cast<int>(100 * chunk.bytes_done / chunk.bytes_total));
}

void PacketListModel::acceptResult(std::uint64_t generation, ScanResult& result) {
  if (generation != generation_) return;
  scanning_ = false;
  scan_error_ = QString::fromStdString(result.error);
  clients_ = std::move(result.clients);
  unlisted_client_frames_ = result.unlisted_client_frames;
  if (result.membership) membership_ = std::move(result.membership);
  if (result.fetcher) fetcher_ = std::move(result.fetcher);  // it has seen every block
  if (result.dissector) {
    // The pass has seen every TFTP request: rows of transfers on ephemeral ports now decode.
    dissector_ = std::move(result.dissector);
    row_cache_.clear();
    if (!visible_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
  }
  emit clientsChanged();
  emit scanProgress(100);
  emit scanFinished();
  startSort();  // the header's sort, on the new rows
}

std::uint64_t PacketListModel::frameOfRow(int row) const {
  if (row < 0 || static_cast<std::size_t>(row) >= visible_.size()) return 0;
  const auto r = static_cast<std::size_t>(row);
  return (sorted_.empty() ? visible_[r] : sorted_[r]) + 1ull;
}

int PacketListModel::rowOfFrame(std::uint64_t frame) const {
  if (frame == 0) return -1;
  const auto target = static_cast<std::uint32_t>(frame - 1);
  auto it = std::lower_bound(visible_.begin(), visible_.end(), target);
  if (it == visible_.end() || *it != target) return -1;
  const auto position = static_cast<std::size_t>(it - visible_.begin());
  return sorted_.empty() ? static_cast<int>(position) : sorted_row_of_[position];
}

const FrameFacts* PacketListModel::factsOf(std::uint64_t frame) const {
  if (frame == 0 || frame > facts_.size()) return nullptr;
  return &facts_[frame - 1];
}

std::uint64_t PacketListModel::firstPxeDiscover() const {
  for (std::size_t i = 0; i < facts_.size(); ++i)
    if ((facts_[i].flags & kFramePxe) && facts_[i].message_type == 1) return i + 1;
  return 0;
}

bool PacketListModel::readFrame(std::uint64_t frame, Frame& out) const {
  if (live_) return read_stored_frame(live_frames_, frame, out);
  if (frame == 0 || frame > offsets_.size()) return false;
  return fetcher_ && fetcher_->read(offsets_[frame - 1], frame, out);
}

bool PacketListModel::decode(std::uint64_t frame, FieldTree& tree,
                             std::vector<std::uint8_t>& bytes) {
  Frame f;
  if (!readFrame(frame, f)) return false;
  bytes.assign(f.data.begin(), f.data.end());
  if (!dissector_) dissector_ = std::make_shared<PacketDissector>();
  dissector_->dissect(f, tree);
  // As `analyze -V`: the linter's findings on the reply, found by the pass.
  if (const auto* findings = lint_.find(frame)) annotate_reply_tree(tree, *findings);
  return true;
}

bool PacketListModel::savePcapng(const QString& path, bool only_shown, QString* error) {
  PcapngWriter writer;
  if (!writer.open(path.toStdString())) {
    if (error) *error = QString::fromStdString(writer.error());
    return false;
  }
  Frame f;
  auto write = [&](std::uint64_t frame) {
    if (!readFrame(frame, f)) return true;  // the index only holds frames that were read
    return writer.write(f);
  };
  bool ok = true;
  if (only_shown) {
    for (std::uint32_t i : visible_) ok = ok && write(i + 1ull);
  } else {
    for (std::uint64_t i = 1; i <= frameCount(); ++i) ok = ok && write(i);
  }
  ok = writer.close() && ok;
  if (!ok && error) *error = QString::fromStdString(writer.error());
  return ok;
}

int PacketListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(visible_.size());
}

int PacketListModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant PacketListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* const kNames[ColumnCount] = {
      "No.",    "Time", "Source",     "Destination", "Protocol",
      "Length", "Info", "Client MAC", "Arch",        "Vendor class"};
  return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

const PacketListModel::RowText* PacketListModel::rowText(std::uint64_t frame) const {
  if (RowText* cached = row_cache_.object(frame)) return cached;
  Frame f;
  auto text = std::make_unique<RowText>();
  QString* c = text->columns;
  c[No] = QString::number(frame);
  if (!readFrame(frame, f)) {
    c[Info] = QStringLiteral("cannot read this frame again: %1")
                  .arg(fetcher_ ? QString::fromStdString(fetcher_->error()) : QString());
  } else {
    text->time_ns = filter::frame_time_ns(f);
    text->flags = facts_[frame - 1].flags;
    fill_row_columns(f, *dissector_, row_tree_, c);
    if (const auto* findings = lint_.find(frame)) annotate_reply_tree(row_tree_, *findings);
    // Colouring rules run once here, on the tree the row was made from, never per paint.
    // The previous frame is not at hand: frame.time_delta reads as 0 in a rule.
    const filter::FrameContext context = filter::frame_context(f, firstNs(), text->time_ns);
    text->colour_rule = static_cast<std::int16_t>(colours_->first_match(row_tree_, context));
  }
  RowText* raw = text.get();
  row_cache_.insert(frame, text.release());
  return raw;
}

QVariant PacketListModel::data(const QModelIndex& index, int role) const {
  const std::uint64_t frame = frameOfRow(index.row());
  if (!index.isValid() || frame == 0) return {};
  switch (role) {
    case Qt::DisplayRole: {
      const RowText* text = rowText(frame);
      return index.column() == Time ? timeText(frame, *text) : text->columns[index.column()];
    }
    case Qt::TextAlignmentRole:
      if (index.column() == No || index.column() == Time || index.column() == Length)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
      return {};
    case Qt::BackgroundRole:
    case Qt::ForegroundRole:
      return rowColour(frame, role);
    default:
      return {};
  }
}

}  // namespace pxescope::gui

namespace pxescope::gui {

bool PacketListModel::startLive(const QString& iface, QString* error, const QString& bpf,
                                bool follow_tftp) {
  auto reader = std::make_shared<CaptureReader>();
  const std::string base = bpf.trimmed().isEmpty()
                               ? std::string(CaptureReader::default_live_filter())
                               : bpf.trimmed().toStdString();
  if (!reader->open_live(iface.toStdString(), base)) {
    if (error) *error = QString::fromStdString(reader->error());
    return false;
  }
  close();
  live_ = true;
  live_running_ = true;
  live_iface_ = iface;
  live_reader_ = reader;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  const std::uint64_t generation = generation_;
  auto cancel = cancel_;
  QPointer<PacketListModel> self(this);
  // The reader thread only copies frames out; classifying them happens on the GUI thread,
  // where the filters and the dissector live (a PXE network is a few packets a second).
  scan_ = QtConcurrent::run(backgroundPool(), [self, generation, cancel, reader, base,
                                               follow_tftp] {
    std::vector<LiveFrame> batch;
    auto last_flush = std::chrono::steady_clock::now();
    std::string failure;
    // Following TFTP widens the filter to each transfer's ports (the server answers from a
    // new one); a filter that cannot be set leaves the capture on the one it has.
    LiveTftpPorts tftp(base);
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    Frame f;
    while (!cancel->load()) {
      if (reader->next(f, 100)) {
        if (follow_tftp && tftp.on_frame(f, elapsed())) reader->set_filter(tftp.filter());
        LiveFrame lf;
        lf.ts_sec = f.ts_sec;
        lf.ts_nsec = f.ts_nsec;
        lf.original_length = f.original_length;
        lf.link_type = f.link_type;
        lf.bytes.assign(f.data.begin(), f.data.end());
        batch.push_back(std::move(lf));
      } else if (reader->timed_out()) {
        if (follow_tftp && tftp.expire(elapsed())) reader->set_filter(tftp.filter());
      } else if (!cancel->load()) {
        failure = reader->error().empty() ? "the capture ended" : reader->error();
        break;
      }
      if (!batch.empty() && (batch.size() >= 500 || std::chrono::steady_clock::now() - last_flush >
                                                        std::chrono::milliseconds(100))) {
        auto shared = std::make_shared<std::vector<LiveFrame>>(std::move(batch));
        batch.clear();
        last_flush = std::chrono::steady_clock::now();
        QMetaObject::invokeMethod(
            self,
            [self, generation, shared] {
              if (self) self->acceptLive(generation, *shared);
            },
            Qt::QueuedConnection);
      }
    }
    auto shared = std::make_shared<std::vector<LiveFrame>>(std::move(batch));
    const QString message = QString::fromStdString(failure);
    QMetaObject::invokeMethod(
        self,
        [self, generation, shared, message] {
          if (!self) return;
          self->acceptLive(generation, *shared);
          if (!message.isEmpty() && generation == self->generation_) {
            self->live_running_ = false;
            emit self->liveStopped(message);
          }
        },
        Qt::QueuedConnection);
  });
  return true;
}

void PacketListModel::stopLive() {
  if (!live_running_) return;
  cancel_->store(true);
  if (live_reader_) live_reader_->break_loop();
  scan_.waitForFinished();
  QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);  // the last frames
  live_running_ = false;
  live_reader_.reset();
  emit liveStopped({});
}

void PacketListModel::acceptLive(std::uint64_t generation, std::vector<LiveFrame>& batch) {
  if (generation != generation_ || batch.empty()) return;
  if (live_frames_.empty()) {
    first_sec_ = batch.front().ts_sec;
    first_nsec_ = batch.front().ts_nsec;
  }
  std::vector<std::uint32_t> shown;
  Frame f;
  for (LiveFrame& lf : batch) {
    live_frames_.push_back(std::move(lf));
    const std::uint64_t number = live_frames_.size();
    readFrame(number, f);
    FrameFacts facts;
    if (classify_frame(options_, f, *dissector_, row_tree_, &live_clients_, facts, live_clock_,
                       membership_.get(), &live_linter_))
      shown.push_back(static_cast<std::uint32_t>(number - 1));
    if (facts.flags & kFrameLinted) lint_.add(number, live_linter_.findings());
    facts_.push_back(facts);
  }
  if (!shown.empty()) {
    // Appending rows leaves the view's scroll position and selection alone.
    const int first = static_cast<int>(visible_.size());
    beginInsertRows({}, first, first + static_cast<int>(shown.size()) - 1);
    visible_.insert(visible_.end(), shown.begin(), shown.end());
    appendSortedRows(static_cast<std::size_t>(first));  // a sorted list gets them at its end
    endInsertRows();
  }
  clients_ = live_clients_.clients();
  unlisted_client_frames_ = live_clients_.overflow_frames();
  emit clientsChanged();
}

void PacketListModel::refilterLive() {
  beginResetModel();
  cancelSort();
  visible_.clear();
  Frame f;
  filter::FrameClock clock;  // from the first frame again
  ClientMembership membership;
  CaptureLinter linter;  // `_ws.expert` sees its findings, as in the file's pass
  for (std::uint64_t n = 1; n <= live_frames_.size(); ++n) {
    readFrame(n, f);
    FrameFacts facts;
    if (classify_frame(options_, f, *dissector_, row_tree_, nullptr, facts, clock, &membership,
                       &linter))
      visible_.push_back(static_cast<std::uint32_t>(n - 1));
  }
  endResetModel();
  startSort();
}

}  // namespace pxescope::gui
