// The offer linter's findings for the open capture file, found in the background when the file
// opens (analyzer/lint/lint_index), and put on a frame's tree when the detail pane shows it,
// so the GUI's tree carries the same "[warn: pxe-lint …]" rows as `analyze -V`.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>

#include "analyzer/lint/lint_index.hpp"

namespace pxescope::gui {

class LintFindings : public QObject {
  Q_OBJECT

 public:
  explicit LintFindings(QObject* parent = nullptr);
  ~LintFindings() override;

  // Starts indexing this file (forgets the previous one's findings).
  void setCapture(const QString& path);
  // No file (a live capture): no findings.
  void clear();
  bool isReady() const { return index_ != nullptr; }
  void waitForReady();  // tests, screenshots
  // Adds the frame's findings to its freshly dissected tree; false when there are none (yet).
  bool annotate(std::uint64_t frame, FieldTree& tree) const;

 signals:
  void ready();

 private:
  void stop();

  // The pass's generation comes back with its result: a late result of a file no longer
  // shown is dropped.
  using Result = std::pair<std::uint64_t, std::shared_ptr<LintIndex>>;
  QFutureWatcher<Result> watcher_;
  std::uint64_t generation_ = 0;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::shared_ptr<const LintIndex> index_;
};

}  // namespace pxescope::gui
