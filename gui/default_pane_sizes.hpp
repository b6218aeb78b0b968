// The central panes, stacked as Wireshark's default layout has them: the packet list on top,
// the field tree below it and the hex pane at the bottom, so the tree gets the whole width
// of the window's centre (its notes and lists are long lines). Their default heights are set
// as the window is laid out (before that, no widget knows its real size): the hex pane gets
// a few whole 16-byte lines (its sizeHint), the list and the tree share the rest.
//
// The splitter's saved state is kept under a key named after this arrangement: a state saved
// by an older arrangement (a tree beside the hex pane, under other keys) is never applied to
// this one, where its sizes would mean other panes.
#pragma once

#include <QByteArray>
#include <QLatin1StringView>

class QSplitter;

namespace pxescope::gui {

// Settings key of the stacked panes' splitter state (list, tree, hex). A new arrangement of
// the central panes takes a new key.
inline constexpr QLatin1StringView kPaneSplitKey{"paneSplit.stacked3"};

// `splitter` holds the packet list, the field tree and the hex pane (whose sizeHint height is
// a few whole lines). Applied at each resize of the splitter until the user drags a handle.
void fitPanesOnFirstShow(QSplitter* splitter);

// Restores a state saved under kPaneSplitKey; false (and nothing changed) when there is none
// or it does not hold one size per pane: the caller then fits the default sizes.
bool restorePaneSplit(QSplitter* splitter, const QByteArray& saved);

}  // namespace pxescope::gui
