#include "gui/settings_policy.hpp"

#include <QSettings>

namespace pxescope::gui {

QVariant SettingsPolicy::value(const QString& key, const QVariant& fallback) const {
  if (may_save_) return QSettings().value(key, fallback);
  return session_.value(key, fallback);
}

bool SettingsPolicy::contains(const QString& key) const {
  return may_save_ ? QSettings().contains(key) : session_.contains(key);
}

void SettingsPolicy::setValue(const QString& key, const QVariant& value) {
  if (may_save_)
    QSettings().setValue(key, value);
  else
    session_.insert(key, value);
}

}  // namespace pxescope::gui
