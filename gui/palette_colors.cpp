#include "gui/palette_colors.hpp"

#include <QLineEdit>
#include <cmath>

namespace pxescope::gui {
namespace {

double channel(double c) {
  return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c) {
  return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// Background and text of the coloured states, for light and dark palettes.
struct Shades {
  QColor light_bg, light_text, dark_bg, dark_text;
};
constexpr int kGood = 0, kBad = 1;
const Shades kBanner[] = {
    {QColor(0x2e, 0x7d, 0x32), Qt::white, QColor(0x1b, 0x5e, 0x20), QColor(0xf1, 0xf8, 0xe9)},
    {QColor(0xc6, 0x28, 0x28), Qt::white, QColor(0x8e, 0x1b, 0x1b), QColor(0xff, 0xeb, 0xee)},
};
const Shades kFilterBar[] = {
    {QColor(0xc8, 0xe6, 0xc9), Qt::black, QColor(0x1e, 0x46, 0x20), QColor(0xe8, 0xf5, 0xe9)},
    {QColor(0xff, 0xcd, 0xd2), Qt::black, QColor(0x5c, 0x1f, 0x1f), QColor(0xff, 0xeb, 0xee)},
};

QString styleOf(const char* widget, const Shades& s, bool dark, const char* extra) {
  return QStringLiteral("%1 { background: %2; color: %3; %4}")
      .arg(QLatin1String(widget), (dark ? s.dark_bg : s.light_bg).name(),
           (dark ? s.dark_text : s.light_text).name(), QLatin1String(extra));
}

}  // namespace

double contrastRatio(const QColor& a, const QColor& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool isDarkPalette(const QPalette& palette) {
  return palette.color(QPalette::Base).lightness() < 128;
}

QColor readableOn(const QColor& wanted, const QColor& background, double minimum) {
  const bool lighten = luminance(background) < 0.18;
  QColor c = wanted.toHsl();
  for (int step = 0; step < 20 && contrastRatio(c, background) < minimum; ++step) {
    const int l = c.lightness();
    c.setHsl(c.hslHue(), c.hslSaturation(), lighten ? l + (255 - l + 1) / 2 : l / 2);
  }
  return c.toRgb();
}

QColor warningTextColor(const QPalette& palette) {
  return readableOn(QColor(0xb2, 0x6a, 0x00), palette.color(QPalette::Base));
}

QColor errorTextColor(const QPalette& palette) {
  return readableOn(QColor(0xc6, 0x28, 0x28), palette.color(QPalette::Window));
}

QColor linkColor(const QPalette& palette) {
  return readableOn(palette.color(QPalette::Link), palette.color(QPalette::Base));
}

QString bannerStyle(bool good, const QPalette& palette) {
  return styleOf("QLabel", kBanner[good ? kGood : kBad], isDarkPalette(palette),
                 "font-weight: bold; padding: 4px; ");
}

void styleFilterEdit(QLineEdit* edit, FilterBarState state) {
  if (state == FilterBarState::Empty) {
    edit->setStyleSheet({});
    return;
  }
  const Shades& s = kFilterBar[state == FilterBarState::Active ? kGood : kBad];
  // The window's palette: the edit's own one already carries its previous style sheet.
  edit->setStyleSheet(styleOf("QLineEdit", s, isDarkPalette(edit->window()->palette()), ""));
}

}  // namespace pxescope::gui
