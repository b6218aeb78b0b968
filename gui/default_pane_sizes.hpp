// The default layout's pane sizes, set as the window is laid out (before that, no widget
// knows its real width): the hex pane gets exactly what a whole 16-byte line needs and
// the field tree everything else, as its notes and lists are long lines. A layout restored
// from the user's settings is left as saved (the caller only asks for this without one).
#pragma once

class QSplitter;

namespace pxescope::gui {

// `splitter` holds the field tree (first) and the hex pane (second, whose sizeHint is one
// whole line). Applied at each resize of the splitter until the user drags its handle.
void fitHexPaneOnFirstShow(QSplitter* splitter);

}  // namespace pxescope::gui
