// What the statistics windows share: a status line over the view, one background pass over
// the capture file (BackgroundPass) whose result fill() shows, and rows that name a frame
// (double-click selects it in the main window through frameActivated).
#pragma once

#include <QDialog>
#include <atomic>
#include <cstdint>
#include <functional>

class QLabel;
class QTableWidget;
class QVBoxLayout;

namespace pxescope::gui {

class BackgroundPass;

class StatsWindow : public QDialog {
  Q_OBJECT

 public:
  // Blocks until the pass is done and fill() has run (tests, screenshots).
  void waitUntilReady();
  QString statusText() const;

 signals:
  void frameActivated(std::uint64_t frame);

 protected:
  StatsWindow(const QString& object_name, const QString& title, const QString& capture,
              QWidget* parent);
  // Runs `work` off the GUI thread, then fill() on it.
  void startPass(std::function<void(const std::atomic<bool>& cancel)> work);
  virtual void fill() = 0;
  void setStatus(const QString& text);
  QVBoxLayout* body() const { return body_; }
  // A double-click on a row of `table` selects the frame its `column` holds.
  void activateFramesFrom(QTableWidget* table, int column);

 private:
  BackgroundPass* pass_;
  QLabel* status_;
  QVBoxLayout* body_;
};

}  // namespace pxescope::gui
