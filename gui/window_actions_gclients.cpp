// MainWindow's live-capture and "Answer this client" actions (issue 13 §3, §4), kept out of
// main_window.cpp: the capture dialog, asking to save unsaved live frames, the title after
// Stop, and the responder form's interface default.
#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>

#include "gui/boot_story_view.hpp"
#include "gui/capture_dialog.hpp"
#include "gui/live_story_feed.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/respond_dock.hpp"

namespace pxescope::gui {

void MainWindow::onCaptureToggle() {
  if (packets_->isLive()) {
    stopCapture();
    return;
  }
  CaptureDialog dialog(this);
  dialog.setInterface(settings_.value(QStringLiteral("captureInterface")).toString());
  if (dialog.exec() != QDialog::Accepted) return;
  settings_.setValue(QStringLiteral("captureInterface"), dialog.interfaceName());
  startCapture(dialog.interfaceName(), false, dialog.captureFilter(), dialog.followTftp());
}

void MainWindow::onLiveStopped(const QString& error) {
  capture_action_->setText(tr("&Start Capture…"));
  live_stories_->stop();  // the last frames told; the stories stay
  setWindowTitle(tr("Captured on %1 — pxescope").arg(packets_->liveInterface()));
  refreshStatus();
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Capture stopped"), error);
}

bool MainWindow::hasUnsavedLiveFrames() const {
  return packets_->hasLiveFrames() && packets_->frameCount() > live_saved_frames_;
}

bool MainWindow::saveAllAs() {
  QString path =
      QFileDialog::getSaveFileName(this, tr("Save the capture"), {}, tr("pcapng (*.pcapng)"));
  if (path.isEmpty()) return false;
  if (!path.endsWith(QStringLiteral(".pcapng"))) path += QStringLiteral(".pcapng");
  QString error;
  if (!packets_->savePcapng(path, false, &error)) {
    QMessageBox::warning(this, tr("Cannot save"), error);
    return false;
  }
  live_saved_frames_ = packets_->frameCount();
  return true;
}

bool MainWindow::confirmLiveSaved() {
  if (!hasUnsavedLiveFrames()) return true;
  QMessageBox ask(QMessageBox::Question, tr("Unsaved capture"),
                  tr("The live capture has %1 frames that are not saved. Save them first?")
                      .arg(packets_->frameCount() - live_saved_frames_),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  ask.setObjectName(QStringLiteral("unsavedLiveCapture"));
  ask.setDefaultButton(QMessageBox::Save);
  switch (ask.exec()) {
    case QMessageBox::Save:
      return saveAllAs();
    case QMessageBox::Discard:
      live_saved_frames_ = packets_->frameCount();  // asked once
      return true;
    default:
      return false;
  }
}

void MainWindow::answerClient(const QString& mac, int arch) {
  // The interface being captured on; for a file, the one whose network holds the address
  // the client was given.
  const QString iface = packets_->hasLiveFrames()
                            ? packets_->liveInterface()
                            : RespondDock::interfaceForAddress(story_->addressOf(mac));
  respond_->prepare(mac, arch, iface);
}

}  // namespace pxescope::gui
