// The packet list: one row per frame the filters keep. The file is indexed in the background
// (frame offsets and a few flags only); a row's text is decoded when the view asks for it and
// kept in a small cache, so a million-frame capture costs a few bytes a frame.
#pragma once

#include <QAbstractTableModel>
#include <QCache>
#include <QFuture>
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>
#include <unordered_set>
#include <vector>

#include "analyzer/capture_index.hpp"
#include "analyzer/field_tree.hpp"
#include "analyzer/lint/lint_index.hpp"
#include "analyzer/packet_list/colour_rules.hpp"
#include "analyzer/packet_list/time_column.hpp"
#include "gui/frame_source.hpp"
#include "gui/scan_pass.hpp"

namespace pxescope::gui {

struct SortedRows;  // gui/sort_pass.hpp

class PacketListModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    No,
    Time,
    Source,
    Destination,
    Protocol,
    Length,
    Info,
    ClientMac,  // the PXE columns, from the DHCP summary
    Arch,
    VendorClass,
    ColumnCount
  };

  explicit PacketListModel(QObject* parent = nullptr);
  ~PacketListModel() override;

  // Opens the file and starts indexing it in the background. On failure the current file
  // stays loaded and `error` says why (one line naming the file).
  bool openFile(const QString& path, QString* error);
  void close();
  QString path() const { return path_; }

  // New filters: restarts the background pass (rows reappear as it goes).
  void setFilters(std::optional<filter::DisplayFilter> filter, bool pxe_only, bool dhcp_only);
  bool isFiltered() const { return options_.filtered(); }

  // Live capture: frames are kept in memory as they arrive (the capture filter keeps them to
  // DHCP/TFTP). On failure `error` is the reader's one line (naming setcap when a privilege
  // is missing). Stopping keeps the frames for browsing and saving. `bpf`: the capture
  // filter (empty: the default one); `follow_tftp`: widen it to each TFTP transfer's ports
  // as `pxescope capture` does (analyzer/tftp/live_tftp_ports.hpp).
  bool startLive(const QString& iface, QString* error, const QString& bpf = {},
                 bool follow_tftp = true);
  void stopLive();
  bool isLive() const { return live_running_; }
  bool hasLiveFrames() const { return live_; }
  QString liveInterface() const { return live_iface_; }

  bool isScanning() const { return scanning_; }
  // Stops the background pass (Esc): the rows found so far stay, scanError() says it stopped.
  void cancelScan();
  // Blocks until the current pass is over and its rows are in the model (tests, screenshots).
  void waitForScan();

  std::uint64_t frameCount() const { return facts_.size(); }
  std::uint64_t frameOfRow(int row) const;    // 1-based frame number, 0 if out of range
  int rowOfFrame(std::uint64_t frame) const;  // -1 when the filters hide it
  std::uint64_t firstPxeDiscover() const;     // 1-based frame number, 0 if none
  const FrameFacts* factsOf(std::uint64_t frame) const;

  // One frame's bytes (valid until the next read, or while the live capture holds it).
  bool frameAt(std::uint64_t frame, Frame& out) const { return readFrame(frame, out); }
  // Reads and dissects one frame for the detail and hex panes, with the offer linter's
  // findings on it (the pass found them: a frame is a row once the pass has read it).
  bool decode(std::uint64_t frame, FieldTree& tree, std::vector<std::uint8_t>& bytes);
  // Writes every indexed frame (or only the rows shown) to a pcapng file.
  bool savePcapng(const QString& path, bool only_shown, QString* error);

  const std::vector<ClientRecord>& clients() const { return clients_; }
  // Whose boot each frame belongs to (pxe.client): complete once a file's pass is over, and
  // as far as the frames have come in a live capture. Null before any pass.
  const ClientMembership* membership() const { return membership_.get(); }
  QString scanError() const { return scan_error_; }
  // Frames of machines left out of clients() because there were more than kMaxClients.
  std::uint64_t unlistedClientFrames() const { return unlisted_client_frames_; }
  // Seconds from the first frame of the file (the Time column's clock).
  double secondsSinceFirst(std::int64_t sec, std::uint32_t nsec) const;

  // View ▸ Time Display Format and time references (Ctrl+T); see analyzer/packet_list.
  void setTimeFormat(TimeFormat format);
  TimeFormat timeFormat() const { return time_format_; }
  bool toggleTimeReference(std::uint64_t frame);  // true when it is a reference now
  bool isTimeReference(std::uint64_t frame) const { return time_refs_.contains(frame); }

  // Marked packets (Ctrl+M): drawn inverted. nextMarkedRow: the next (or previous) marked
  // row after `row` in the list's order, wrapping around; -1 when none is shown.
  bool toggleMark(std::uint64_t frame);  // true when marked now
  bool isMarked(std::uint64_t frame) const { return marked_.count(frame) != 0; }
  int nextMarkedRow(int row, bool backwards) const;

  // Colouring rules: a row takes the colours of the first rule its frame matches.
  void setColourRules(std::shared_ptr<const ColourRuleSet> rules);
  const ColourRuleSet& colourRules() const { return *colours_; }
  // The rule that colours this frame's row, -1 when none (or the frame is not shown).
  int colourRuleOf(std::uint64_t frame) const;

  // Sorting (header clicks): No ascending is capture order; any other key is computed off
  // the GUI thread and applied when ready (also after each re-filter).
  void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
  bool isSorting() const { return sorting_; }
  void waitForSort();  // tests, screenshots

  // What a background job (find) reads: the shown rows in the list's order, the frames.
  JobInput makeJobInput() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 signals:
  void scanProgress(int percent);
  void scanFinished();
  void clientsChanged();
  void liveStopped(QString error);  // empty when stopped by the user
  void sortProgress(int percent);
  void sortFinished();

 private:
  struct RowText {
    QString columns[ColumnCount];  // Time is made in data(), from the time format
    std::uint8_t flags = 0;
    std::int16_t colour_rule = -1;
    std::int64_t time_ns = 0;
  };
  QString timeText(std::uint64_t frame, const RowText& text) const;
  std::int64_t timeOf(std::uint64_t frame) const;
  std::int64_t firstNs() const;
  QVariant rowColour(std::uint64_t frame, int role) const;
  void startSort();
  void stopSortJob();
  void cancelSort();
  void applySort(std::uint64_t generation, SortedRows& order);
  void appendSortedRows(std::size_t first_position);
  void startScan();
  void stopScan();
  void acceptChunk(std::uint64_t generation, ScanChunk& chunk);
  void acceptResult(std::uint64_t generation, ScanResult& result);
  using LiveFrame = StoredFrame;
  void acceptLive(std::uint64_t generation, std::vector<LiveFrame>& batch);
  void refilterLive();
  const RowText* rowText(std::uint64_t frame) const;
  bool readFrame(std::uint64_t frame, Frame& out) const;

  QString path_;
  ScanOptions options_;
  std::vector<std::int64_t> offsets_;   // per frame
  std::vector<FrameFacts> facts_;       // per frame
  std::vector<std::uint32_t> visible_;  // 0-based frame indices, in order
  std::int64_t first_sec_ = 0;
  std::uint32_t first_nsec_ = 0;
  std::vector<ClientRecord> clients_;
  std::shared_ptr<ClientMembership> membership_;
  QString scan_error_;
  std::uint64_t unlisted_client_frames_ = 0;
  LintIndex lint_;  // the offer linter's findings, from the pass: they colour rows too

  // Decoding on demand (GUI thread only; mutable because data() is const).
  mutable std::unique_ptr<FrameFetcher> fetcher_;
  mutable std::shared_ptr<PacketDissector> dissector_;
  mutable FieldTree row_tree_;
  mutable QCache<std::uint64_t, RowText> row_cache_{4000};

  // Live capture state.
  bool live_ = false;  // the frames come from a capture, not a file
  bool live_running_ = false;
  QString live_iface_;
  std::vector<LiveFrame> live_frames_;
  ClientTable live_clients_{kMaxClients};
  filter::FrameClock live_clock_;  // frame.* fields of live frames, in arrival order
  CaptureLinter live_linter_;      // sees the live DHCP frames in arrival order
  std::shared_ptr<CaptureReader> live_reader_;

  // Time display, marks and colours (what a row looks like beyond its decoded text).
  TimeFormat time_format_ = TimeFormat::SinceStart;
  TimeReferences time_refs_;
  std::unordered_set<std::uint64_t> marked_;
  std::shared_ptr<const ColourRuleSet> colours_;

  // Sorting: sorted_ holds the rows' frames (0-based) in the sorted order, empty in capture
  // order; sorted_row_of_[position in visible_] is that frame's row.
  int sort_column_ = No;
  Qt::SortOrder sort_order_ = Qt::AscendingOrder;
  std::vector<std::uint32_t> sorted_;
  std::vector<std::int32_t> sorted_row_of_;
  QFuture<void> sort_job_;
  std::shared_ptr<std::atomic<bool>> sort_cancel_;
  std::uint64_t sort_generation_ = 0;
  bool sorting_ = false;

  QFuture<void> scan_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::uint64_t generation_ = 0;
  bool scanning_ = false;
};

}  // namespace pxescope::gui
