// Capture ▸ Start Capture…: the interface, a capture (BPF) filter — checked with libpcap
// before anything opens, a bad one refused with libpcap's reason — and whether the capture
// follows TFTP transfers to the ports servers answer from (on by default, as `capture`).
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace pxescope::gui {

class CaptureDialog : public QDialog {
  Q_OBJECT

 public:
  explicit CaptureDialog(QWidget* parent = nullptr);

  void setInterface(const QString& iface);
  QString interfaceName() const;
  QString captureFilter() const;  // empty: the default one
  bool followTftp() const;
  QLineEdit* filterEdit() const { return filter_; }
  QCheckBox* followTftpBox() const { return follow_tftp_; }
  QLabel* problemLabel() const { return problem_; }

  // OK: refused (the dialog stays, the reason under the fields) when the filter does not
  // compile or no interface is named.
  void accept() override;

 private:
  QComboBox* interface_;
  QLineEdit* filter_;
  QCheckBox* follow_tftp_;
  QLabel* problem_;
};

}  // namespace pxescope::gui
