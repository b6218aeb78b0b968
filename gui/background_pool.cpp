#include "gui/background_pool.hpp"

#include <QThreadPool>

namespace pxescope::gui {
namespace {

Q_GLOBAL_STATIC(QThreadPool, pool)

}  // namespace

QThreadPool* backgroundPool() {
  // A file's index, its stories and a filter run may overlap; a live reader blocks in its
  // wait: room for all of them however few cores there are.
  if (pool->maxThreadCount() < 4) pool->setMaxThreadCount(4);
  return pool();
}

}  // namespace pxescope::gui
