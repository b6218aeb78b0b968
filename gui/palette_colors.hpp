// Colours that follow the platform palette, light or dark. A fixed colour (an amber warning,
// a red error, Qt's default blue link) that reads well on white can vanish on a dark base;
// these keep the hue and move the lightness until the text stands out (WCAG contrast).
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

class QLineEdit;

namespace pxescope::gui {

// The WCAG 2 contrast ratio of two colours, 1 (same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);
// True when the palette's views draw on a dark base (a dark theme).
bool isDarkPalette(const QPalette& palette);
// `wanted` with its lightness moved (darker on a light background, lighter on a dark one)
// until it reaches `minimum` contrast against `background`; unchanged if it already does.
QColor readableOn(const QColor& wanted, const QColor& background, double minimum = 4.5);

// Text colours for notes drawn on the palette's Base (views) or Window (labels).
QColor warningTextColor(const QPalette& palette);
QColor errorTextColor(const QPalette& palette);
QColor linkColor(const QPalette& palette);

// A banner: white or near-black text on a green (good) or red (bad) background, shades
// chosen for the palette, as a style sheet for a QLabel.
QString bannerStyle(bool good, const QPalette& palette);

// The filter bar's states: Empty (the palette's own look), Invalid (red), Active (green).
enum class FilterBarState { Empty, Invalid, Active };
void styleFilterEdit(QLineEdit* edit, FilterBarState state);

}  // namespace pxescope::gui
