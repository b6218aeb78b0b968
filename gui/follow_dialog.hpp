// Follow ▸ UDP / TCP / TFTP / HTTP stream: the conversation of a frame, read again from the
// capture file off the GUI thread (analyzer/follow), shown as text: the heads and body sizes
// of HTTP, the file, mode, options, blocks, bytes and errors of TFTP, and every frame of it.
// When the stream is known, filterReady() gives the filter that shows it in the packet list.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <atomic>
#include <memory>

#include "analyzer/follow/follow_stream.hpp"

class QLabel;
class QPlainTextEdit;

namespace pxescope::gui {

class FollowDialog : public QDialog {
  Q_OBJECT

 public:
  FollowDialog(const QString& path, std::uint64_t frame, FollowKind kind,
               QWidget* parent = nullptr);
  ~FollowDialog() override;

  bool isReady() const { return ready_; }
  void waitForReport();  // tests
  const FollowReport& report() const { return report_; }
  QString text() const;

 signals:
  void filterReady(const QString& filter);

 private:
  void onReport();

  QFutureWatcher<FollowReport> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
  FollowReport report_;
  bool ready_ = false;
  QLabel* filter_ = nullptr;
  QPlainTextEdit* body_ = nullptr;
};

}  // namespace pxescope::gui
