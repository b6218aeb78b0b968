#include "gui/export_objects_dialog.hpp"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <set>

#include "gui/stats_table.hpp"

namespace pxescope::gui {
namespace {

// The id of the object a row shows (kept on the frame cell: rows move when sorted).
constexpr int kIdRole = Qt::UserRole + 1;

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

}  // namespace

ExportObjectsDialog::ExportObjectsDialog(const QString& capture, std::optional<ObjectProtocol> only,
                                         QWidget* parent)
    : StatsWindow(
          QStringLiteral("exportObjectsDialog"),
          tr("Export Objects: %1")
              .arg(only ? QString::fromLatin1(object_protocol_name(*only).data()) : tr("All")),
          capture, parent),
      capture_(capture),
      objects_(std::make_shared<std::vector<ExportedObject>>()),
      error_(std::make_shared<std::string>()) {
  resize(1200, 420);
  table_ =
      makeStatsTable({tr("Frame"), tr("Protocol"), tr("Host"), tr("Name"), tr("Content type"),
                      tr("Size"), tr("Complete"), tr("Retrans."), tr("SHA-256"), tr("TFTP root")});
  auto* buttons = new QHBoxLayout;
  auto* save_selected = new QPushButton(tr("Save &Selected…"));
  auto* save_all = new QPushButton(tr("Save &All…"));
  auto* compare = new QPushButton(tr("&Compare with TFTP Root…"));
  auto* throughput = new QPushButton(tr("&Throughput Graph"));
  for (QPushButton* b : {save_selected, save_all, compare, throughput}) buttons->addWidget(b);
  buttons->addStretch(1);
  body()->addWidget(table_, 1);
  body()->addLayout(buttons);
  connect(save_selected, &QPushButton::clicked, this, [this] { chooseAndSave(true); });
  connect(save_all, &QPushButton::clicked, this, [this] { chooseAndSave(false); });
  connect(compare, &QPushButton::clicked, this, [this] {
    const QString root = QFileDialog::getExistingDirectory(this, tr("TFTP root to compare with"));
    if (!root.isEmpty()) compareWith(root);
  });
  connect(throughput, &QPushButton::clicked, this, [this] {
    if (const auto id = selectedObject()) emit throughputRequested(*id);
  });
  activateFramesFrom(table_, kFrame);
  const std::string path = capture.toStdString();
  startPass([path, objects = objects_, error = error_, only](const std::atomic<bool>& cancel) {
    list_objects(path, *objects, *error, &cancel);
    if (only) std::erase_if(*objects, [&](const ExportedObject& o) { return o.protocol != *only; });
  });
}

void ExportObjectsDialog::fill() {
  for (const ExportedObject& o : *objects_) {
    appendStatsRow(
        table_,
        {qulonglong{o.first_frame}, QString::fromLatin1(object_protocol_name(o.protocol).data()),
         qs(o.host), qs(o.name), qs(o.content_type), qulonglong{o.size},
         o.complete ? tr("yes") : tr("no"), uint{o.retransmissions}, qs(o.sha256), QString()},
        o.complete ? QColor() : statsTint(30));
    table_->item(table_->rowCount() - 1, kFrame)->setData(kIdRole, qulonglong{o.id});
  }
  table_->setSortingEnabled(true);
  table_->resizeColumnsToContents();
  setStatus(error_->empty() ? tr("%n file(s) in the capture; incomplete ones are tinted.", nullptr,
                                 static_cast<int>(objects_->size()))
                            : qs(*error_));
}

std::optional<std::size_t> ExportObjectsDialog::selectedObject() const {
  const auto rows = table_->selectionModel()->selectedRows(kFrame);
  if (rows.isEmpty()) return std::nullopt;
  return static_cast<std::size_t>(rows.first().data(kIdRole).toULongLong());
}

std::vector<SavedObject> ExportObjectsDialog::saveTo(const QString& directory, bool selected_only) {
  std::set<std::size_t> ids;
  if (selected_only) {
    for (const QModelIndex& index : table_->selectionModel()->selectedRows(kFrame))
      ids.insert(static_cast<std::size_t>(index.data(kIdRole).toULongLong()));
    if (ids.empty()) {
      setStatus(tr("Select the files to save first."));
      return {};
    }
  } else {
    for (const ExportedObject& o : *objects_) ids.insert(o.id);  // this dialog's protocol only
  }
  std::vector<SavedObject> saved;
  std::string error;
  if (!save_objects(capture_.toStdString(), ids, directory.toStdString(), saved, error)) {
    setStatus(qs(error));
    return saved;
  }
  int written = 0;
  QStringList problems;
  for (const SavedObject& s : saved) {
    if (s.error.empty())
      ++written;
    else
      problems << qs(s.error);
  }
  setStatus(
      tr("Saved %n file(s) in %1.", nullptr, written).arg(directory) +
      (problems.isEmpty() ? QString() : QLatin1Char(' ') + problems.join(QStringLiteral("; "))));
  return saved;
}

void ExportObjectsDialog::chooseAndSave(bool selected_only) {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Save the files in"));
  if (!dir.isEmpty()) saveTo(dir, selected_only);
}

void ExportObjectsDialog::compareWith(const QString& root) {
  const std::string r = root.toStdString();
  int same = 0;
  for (int row = 0; row < table_->rowCount(); ++row) {
    const auto id =
        static_cast<std::size_t>(table_->item(row, kFrame)->data(kIdRole).toULongLong());
    const auto it = std::find_if(objects_->begin(), objects_->end(),
                                 [&](const ExportedObject& o) { return o.id == id; });
    if (it == objects_->end()) continue;
    const RootMatch m = compare_with_root(*it, r);
    same += m == RootMatch::Same;
    const auto name = root_match_name(m);
    QTableWidgetItem* item = table_->item(row, kRoot);
    item->setText(QString::fromLatin1(name.data(), static_cast<int>(name.size())));
    item->setBackground(m == RootMatch::Same ? statsTint(120) : statsTint(0));
  }
  setStatus(
      tr("%1 of %2 file(s) are the same as in %3.").arg(same).arg(table_->rowCount()).arg(root));
}

}  // namespace pxescope::gui
