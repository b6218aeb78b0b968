#include "gui/row_colours.hpp"

#include <algorithm>
#include <cmath>

namespace pxescope::gui {
namespace {

double channel(int value) {
  const double c = value / 255.0;
  return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c) {
  return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

QColor blend(const QColor& under, const QColor& over, double alpha) {
  auto mix = [&](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * alpha)); };
  return QColor(mix(under.red(), over.red()), mix(under.green(), over.green()),
                mix(under.blue(), over.blue()));
}

constexpr double kReadable = 4.5;       // WCAG AA for normal text
constexpr double kDarkTintAlpha = 0.3;  // how much of the pastel shows on a dark base

}  // namespace

double contrastRatio(const QColor& a, const QColor& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool isDarkPalette(const QPalette& palette) {
  return palette.color(QPalette::Base).lightness() < 128;
}

QColor rowBackground(std::uint32_t rgb, const QPalette& palette) {
  const QColor tint = QColor::fromRgb(rgb);
  return isDarkPalette(palette) ? blend(palette.color(QPalette::Base), tint, kDarkTintAlpha) : tint;
}

QColor rowForeground(std::uint32_t rgb, const QColor& background, const QPalette& palette) {
  const QColor candidates[] = {QColor::fromRgb(rgb), palette.color(QPalette::Text),
                               QColor(Qt::black), QColor(Qt::white)};
  for (const QColor& c : candidates)
    if (contrastRatio(c, background) >= kReadable) return c;
  return contrastRatio(Qt::black, background) > contrastRatio(Qt::white, background)
             ? QColor(Qt::black)
             : QColor(Qt::white);
}

}  // namespace pxescope::gui
