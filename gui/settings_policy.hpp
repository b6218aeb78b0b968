// The one rule for the user's saved settings (QSettings): the interactive window reads and
// writes them (layout, Open Recent, last folder, capture interface, …); a `--screenshot` run
// or a test (MainWindow(restore_layout=false)) neither reads nor writes them, so it looks the
// same on every machine and leaves the user's settings exactly as they were. Its writes stay
// in memory for the run, so within the run everything behaves as usual. Every QSettings
// access of the window goes through here.
#pragma once

#include <QHash>
#include <QString>
#include <QVariant>

namespace pxescope::gui {

class SettingsPolicy {
 public:
  explicit SettingsPolicy(bool may_save) : may_save_(may_save) {}

  // True for the interactive window: its choices outlive the run.
  bool maySave() const { return may_save_; }
  QVariant value(const QString& key, const QVariant& fallback = {}) const;
  bool contains(const QString& key) const;
  void setValue(const QString& key, const QVariant& value);

 private:
  bool may_save_;
  QHash<QString, QVariant> session_;  // what a run that may not save has set
};

}  // namespace pxescope::gui
