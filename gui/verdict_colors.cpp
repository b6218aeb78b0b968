#include "gui/verdict_colors.hpp"

namespace pxescope::gui {
namespace {

struct ToneShades {
  VerdictTone tone;
  QRgb on_light, on_dark;  // Material 800 on light bases, 200 on dark ones
};
constexpr ToneShades kShades[] = {
    {VerdictTone::Failed, 0xc62828, 0xef9a9a},
    {VerdictTone::Booted, 0x2e7d32, 0xa5d6a7},
};

}  // namespace

QColor verdictTextColor(Verdict verdict, const QPalette& palette) {
  const VerdictTone tone = verdict_tone(verdict);
  for (const ToneShades& s : kShades)
    if (s.tone == tone) return QColor(isDarkPalette(palette) ? s.on_dark : s.on_light);
  return palette.color(QPalette::Text);
}

}  // namespace pxescope::gui
