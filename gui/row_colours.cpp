#include "gui/row_colours.hpp"

#include <algorithm>
#include <cmath>

namespace pxescope::gui {
namespace {

QColor blend(const QColor& under, const QColor& over, double alpha) {
  auto mix = [&](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * alpha)); };
  return QColor(mix(under.red(), over.red()), mix(under.green(), over.green()),
                mix(under.blue(), over.blue()));
}

constexpr double kReadable = 4.5;       // WCAG AA for normal text
constexpr double kDarkTintAlpha = 0.3;  // how much of the pastel shows on a dark base

}  // namespace

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
