#include "gui/default_pane_sizes.hpp"

#include <QEvent>
#include <QSplitter>

namespace pxescope::gui {
namespace {

class FitOnFirstShow : public QObject {
 public:
  explicit FitOnFirstShow(QSplitter* splitter) : QObject(splitter), splitter_(splitter) {
    splitter->installEventFilter(this);
    // Once the user drags the handle, the sizes are theirs.
    connect(splitter, &QSplitter::splitterMoved, this, [this] {
      splitter_->removeEventFilter(this);
      deleteLater();
    });
  }

  // Every resize of the default layout (the window's, a dock's) keeps the hex pane at one
  // whole line and gives the change to the tree.
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (watched == splitter_ && event->type() == QEvent::Resize && splitter_->count() == 2) {
      const int hex = splitter_->widget(1)->sizeHint().width();
      const int tree = splitter_->width() - splitter_->handleWidth() - hex;
      if (tree > hex / 2) splitter_->setSizes({tree, hex});  // else: too narrow, keep shares
    }
    return false;
  }

 private:
  QSplitter* splitter_;
};

}  // namespace

void fitHexPaneOnFirstShow(QSplitter* splitter) {
  new FitOnFirstShow(splitter);
}

}  // namespace pxescope::gui
