// A verdict's colour on the current palette (the Clients table's Verdict cells): the
// analyzer's tone (verdict_tone.hpp) in a shade that reads on light and dark palettes alike.
#pragma once

#include <QColor>
#include <QPalette>

#include "analyzer/story/verdict_tone.hpp"
#include "gui/palette_colors.hpp"  // isDarkPalette

namespace pxescope::gui {

// The text colour: green, red, or the palette's own text colour for the undecided.
QColor verdictTextColor(Verdict verdict, const QPalette& palette);

}  // namespace pxescope::gui
