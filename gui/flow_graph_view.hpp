// Statistics ▸ Flow Graph: the boot as a ladder diagram (analyzer/flow/boot_flow.hpp), one
// column per host, one row per arrow, each TFTP/HTTP transfer a bar. Of the selected client or
// of all boot traffic (a switch). Clicking a row selects its frame; Export writes PNG or SVG.
// Only the rows in view are painted: a load test's capture has tens of thousands.
#pragma once

#include <QDialog>
#include <QString>
#include <QWidget>
#include <cstdint>

#include "analyzer/flow/boot_flow.hpp"

class QCheckBox;
class QLabel;
class QPainter;
class QScrollArea;

namespace pxescope::gui {

class FlowCaptureLoader;

// Geometry of the ladder, shared by the widget and the exports.
struct FlowLayout {
  static constexpr int kTimeColumn = 120;  // time and frame number, left
  static constexpr int kColumn = 190;      // between two hosts' lifelines
  static constexpr int kHeader = 58;
  static constexpr int kRow = 26;
  static constexpr int kMargin = 12;
  static int width(const flow::BootFlow& flow);
  static int height(std::size_t rows);
  static int lifeline(std::size_t host) { return kTimeColumn + kColumn / 2 + int(host) * kColumn; }
};

// Paints rows [first, last) of `flow`, and the host header when `header`.
void paintFlow(QPainter& p, const flow::BootFlow& flow, std::size_t first, std::size_t last,
               const QPalette& palette, bool header = true);

class FlowGraphCanvas : public QWidget {
  Q_OBJECT

 public:
  explicit FlowGraphCanvas(QWidget* parent = nullptr);
  void setFlow(const flow::BootFlow* flow);
  // The row under a point of the widget, -1 for none.
  int rowAt(const QPoint& point) const;
  QPoint rowCenter(int row) const;  // for tests: where a click lands on that row's arrow
  // Rows painted by the last paint event (tests check that a big flow is painted in part).
  std::size_t lastPaintedRows() const { return painted_rows_; }

 signals:
  void rowClicked(int row);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  bool event(QEvent* event) override;  // tooltips: the row's detail

 private:
  const flow::BootFlow* flow_ = nullptr;
  std::size_t painted_rows_ = 0;
};

class FlowGraphView : public QDialog {
  Q_OBJECT

 public:
  explicit FlowGraphView(QWidget* parent = nullptr);
  ~FlowGraphView() override;

  // Reads the capture in the background; `client` ("52:54:00:…", empty: none selected).
  void setCapture(const QString& path, const QString& client);
  void setAllClients(bool all);  // the switch: all boot traffic, or the selected client
  void waitForFlow();            // blocks until the flow is shown (screenshots, tests)
  bool isReady() const;

  const flow::BootFlow& flow() const { return flow_; }
  FlowGraphCanvas* canvas() const { return canvas_; }
  QScrollArea* scrollArea() const { return scroll_; }
  QCheckBox* allClientsSwitch() const { return all_; }

  // Write the whole ladder, false with the reason. A bitmap stays a sane size: the PNG keeps
  // the first kMaxPngRows rows (about 10,000 pixels tall), the SVG the first kMaxSvgRows.
  static constexpr std::size_t kMaxPngRows = 400;
  static constexpr std::size_t kMaxSvgRows = 20000;
  bool exportPng(const QString& path, QString* error) const;
  bool exportSvg(const QString& path, QString* error) const;

 signals:
  void frameActivated(std::uint64_t frame);

 private:
  void rebuild();
  void onExport();

  FlowCaptureLoader* loader_ = nullptr;
  QString client_;
  flow::BootFlow flow_;
  QCheckBox* all_ = nullptr;
  QLabel* summary_ = nullptr;
  QScrollArea* scroll_ = nullptr;
  FlowGraphCanvas* canvas_ = nullptr;
};

}  // namespace pxescope::gui
