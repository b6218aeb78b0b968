#include "gui/default_pane_sizes.hpp"

#include <QDataStream>
#include <QEvent>
#include <QSplitter>

namespace pxescope::gui {
namespace {

constexpr int kPanes = 3;          // packet list, field tree, hex pane
constexpr int kListShare = 2;      // of the height left once the hex pane has its lines:
constexpr int kTreeShare = 3;      // the tree a little taller than the list (its rows open)
constexpr int kMinPaneHeight = 2;  // lines of the list's font below which the fit gives up

class FitOnFirstShow : public QObject {
 public:
  explicit FitOnFirstShow(QSplitter* splitter) : QObject(splitter), splitter_(splitter) {
    splitter->installEventFilter(this);
    // Once the user drags a handle, the sizes are theirs.
    connect(splitter, &QSplitter::splitterMoved, this, [this] {
      splitter_->removeEventFilter(this);
      deleteLater();
    });
  }

  // Every resize of the default layout (the window's, a dock's) keeps the hex pane at its
  // few whole lines and shares the change between the list and the tree.
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (watched == splitter_ && event->type() == QEvent::Resize && splitter_->count() == kPanes) {
      const int hex = splitter_->widget(2)->sizeHint().height();
      const int rest = splitter_->height() - 2 * splitter_->handleWidth() - hex;
      const int list = rest * kListShare / (kListShare + kTreeShare);
      // Too short for that: keep the shares the splitter has.
      if (list >= kMinPaneHeight * splitter_->fontMetrics().height())
        splitter_->setSizes({list, rest - list, hex});
    }
    return false;
  }

 private:
  QSplitter* splitter_;
};

// How many panes a saved splitter state has sizes for (QSplitter::saveState: a marker, a
// version, then the sizes), -1 when it cannot be read.
qsizetype savedPaneCount(const QByteArray& saved) {
  QDataStream stream(saved);
  stream.setVersion(QDataStream::Qt_5_0);
  qint32 marker = 0, version = 0;
  QList<int> sizes;
  stream >> marker >> version >> sizes;
  return stream.status() == QDataStream::Ok ? sizes.size() : -1;
}

}  // namespace

void fitPanesOnFirstShow(QSplitter* splitter) {
  new FitOnFirstShow(splitter);
}

bool restorePaneSplit(QSplitter* splitter, const QByteArray& saved) {
  // A state of another shape (another count of panes) has sizes that mean nothing here.
  if (savedPaneCount(saved) != splitter->count()) return false;
  return splitter->restoreState(saved);
}

}  // namespace pxescope::gui
