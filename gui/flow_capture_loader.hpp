// Reads a capture once, in the background, for the boot pictures (flow graph, boot timeline):
// the stories and the flow's packets of analyzer/flow, the same pass for both.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>

#include "analyzer/flow/boot_flow.hpp"

namespace pxescope::gui {

class FlowCaptureLoader : public QObject {
  Q_OBJECT

 public:
  explicit FlowCaptureLoader(QObject* parent = nullptr);
  ~FlowCaptureLoader() override;

  // Starts reading `path` (forgets what was read before).
  void load(const QString& path);
  QString path() const { return path_; }
  bool isReady() const { return ready_; }
  // Blocks until the capture is read (screenshots, tests).
  void wait();
  // Null until ready, or when the file could not be read (then error() says why).
  const flow::FlowCapture* capture() const { return loaded_ ? &loaded_->capture : nullptr; }
  QString error() const { return loaded_ ? loaded_->error : QString(); }

 signals:
  void ready();

 private:
  void onFinished();

  struct Loaded {
    flow::FlowCapture capture;
    QString error;
    bool ok = false;
  };
  QFutureWatcher<std::shared_ptr<Loaded>> watcher_;
  std::shared_ptr<Loaded> loaded_;
  QString path_;
  bool ready_ = false;
};

}  // namespace pxescope::gui
