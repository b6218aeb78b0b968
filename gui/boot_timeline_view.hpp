// Statistics ▸ Boot Timeline: for each client a horizontal bar chart of its boot's stages
// (analyzer/flow/boot_timeline.hpp) on one time axis: DHCP, proxyDHCP/4011, the boot file,
// the next files, HTTP; red where the story stopped, hatched where the client repeated itself
// unanswered, grey where nothing happened. Clicking a stage selects its first frame. Only the
// clients in view are painted.
#pragma once

#include <QDialog>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "analyzer/flow/boot_timeline.hpp"

class QLabel;
class QScrollArea;

namespace pxescope::gui {

class FlowCaptureLoader;

class BootTimelineCanvas : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kNameColumn = 300;
  static constexpr int kAxis = 34;
  static constexpr int kRow = 28;
  static constexpr int kMargin = 16;

  explicit BootTimelineCanvas(QWidget* parent = nullptr);
  void setTimelines(const std::vector<flow::ClientTimeline>* timelines);
  // The stage under a point: (client, stage), or {-1, -1}.
  std::pair<int, int> stageAt(const QPoint& point) const;
  QRect stageRect(int client, int stage) const;  // where it is drawn (tests click there)
  std::size_t lastPaintedRows() const { return painted_rows_; }

 signals:
  void stageClicked(int client, int stage);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  bool event(QEvent* event) override;

 private:
  double pixelsPerSecond() const;
  void paintAxis(QPainter& p) const;

  const std::vector<flow::ClientTimeline>* timelines_ = nullptr;
  double span_ = 1;  // seconds from the capture's start to the last stage's end
  std::size_t painted_rows_ = 0;
};

class BootTimelineView : public QDialog {
  Q_OBJECT

 public:
  explicit BootTimelineView(QWidget* parent = nullptr);
  ~BootTimelineView() override;

  void setCapture(const QString& path);  // reads it in the background
  void waitForTimelines();               // blocks until shown (screenshots, tests)
  const std::vector<flow::ClientTimeline>& timelines() const { return timelines_; }
  BootTimelineCanvas* canvas() const { return canvas_; }

 signals:
  void frameActivated(std::uint64_t frame);

 private:
  void rebuild();

  FlowCaptureLoader* loader_ = nullptr;
  std::vector<flow::ClientTimeline> timelines_;
  QLabel* summary_ = nullptr;
  QScrollArea* scroll_ = nullptr;
  BootTimelineCanvas* canvas_ = nullptr;
};

}  // namespace pxescope::gui
