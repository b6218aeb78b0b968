// Row colours that follow the platform palette: a colouring rule's tint is written for a light
// background (like Wireshark's pastels); on a dark palette it is blended into the palette's
// base so that it stays a tint, and the text colour is whichever of the rule's, the palette's
// text or black/white reads best on it (WCAG contrast).
#pragma once

#include <QColor>
#include <QPalette>
#include <cstdint>

#include "gui/palette_colors.hpp"  // isDarkPalette, contrastRatio

namespace pxescope::gui {

QColor rowBackground(std::uint32_t rgb, const QPalette& palette);
QColor rowForeground(std::uint32_t rgb, const QColor& background, const QPalette& palette);

}  // namespace pxescope::gui
