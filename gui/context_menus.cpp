#include "gui/context_menus.hpp"

#include <algorithm>

#include <QApplication>
#include <QByteArray>
#include <QClipboard>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QTreeView>

#include "gui/field_tree_model.hpp"
#include "gui/follow_dialog.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {
namespace {

using filter::FilterCombine;

QString qs(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// The fields a packet-list column shows, in the model's order of preference (the first
// present wins, as the Source and Destination columns are made).
struct ColumnFields {
  int column;
  std::string_view fields[3];
};
constexpr ColumnFields kColumnFields[] = {
    {PacketListModel::Source, {"ip.src", "ipv6.src", "eth.src"}},
    {PacketListModel::Destination, {"ip.dst", "ipv6.dst", "eth.dst"}},
    {PacketListModel::ClientMac, {"dhcp.hw.mac_addr"}},
    {PacketListModel::Arch, {"dhcp.option.client_system_architecture"}},
    {PacketListModel::VendorClass, {"dhcp.option.vendor_class_id"}},
};

// Wireshark's six ways to join the selected field's filter with the bar's.
struct Combine {
  FilterCombine how;
  const char* label;
  const char* id;
};
constexpr Combine kCombines[] = {
    {FilterCombine::Selected, QT_TRANSLATE_NOOP("ContextMenus", "Selected"), "selected"},
    {FilterCombine::NotSelected, QT_TRANSLATE_NOOP("ContextMenus", "Not Selected"), "notSelected"},
    {FilterCombine::AndSelected, QT_TRANSLATE_NOOP("ContextMenus", "…and Selected"), "andSelected"},
    {FilterCombine::OrSelected, QT_TRANSLATE_NOOP("ContextMenus", "…or Selected"), "orSelected"},
    {FilterCombine::AndNotSelected, QT_TRANSLATE_NOOP("ContextMenus", "…and not Selected"),
     "andNotSelected"},
    {FilterCombine::OrNotSelected, QT_TRANSLATE_NOOP("ContextMenus", "…or not Selected"),
     "orNotSelected"},
};

struct FollowItem {
  FollowKind kind;
  const char* label;
  const char* id;
};
constexpr FollowItem kFollowItems[] = {
    {FollowKind::Udp, QT_TRANSLATE_NOOP("ContextMenus", "UDP Stream"), "follow.udp"},
    {FollowKind::Tcp, QT_TRANSLATE_NOOP("ContextMenus", "TCP Stream"), "follow.tcp"},
    {FollowKind::Tftp, QT_TRANSLATE_NOOP("ContextMenus", "TFTP Stream"), "follow.tftp"},
    {FollowKind::Http, QT_TRANSLATE_NOOP("ContextMenus", "HTTP Stream"), "follow.http"},
};

QString hexStream(const std::vector<std::uint8_t>& bytes, std::size_t offset, std::size_t length) {
  if (offset >= bytes.size()) return {};
  length = std::min(length, bytes.size() - offset);
  return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(bytes.data() + offset),
                                        static_cast<qsizetype>(length))
                                 .toHex());
}

// The value as the tree shows it, without the description.
QString plainValue(const FieldNode& n) {
  switch (n.kind) {
    case ValueKind::String:
      return QString::fromStdString(n.str_value);
    case ValueKind::UInt:
      return QString::number(n.uint_value);
    case ValueKind::Int:
      return QString::number(n.int_value);
    case ValueKind::Bool:
      return n.uint_value ? QStringLiteral("True") : QStringLiteral("False");
    case ValueKind::None:
      break;
  }
  std::string scratch;
  return QString::fromStdString(std::string(node_text(n, scratch)));
}

void copyText(const QString& text) {
  QApplication::clipboard()->setText(text);
}

}  // namespace

ContextMenus::ContextMenus(MainWindow* window) : QObject(window), window_(window) {
  setObjectName(QStringLiteral("contextMenus"));
  QTableView* list = window->packetView();
  list->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(list, &QWidget::customContextMenuRequested, this, [this, list](const QPoint& at) {
    const QModelIndex cell = list->indexAt(at);
    if (!cell.isValid()) return;
    window_->selectFrame(window_->packetModel()->frameOfRow(cell.row()));
    QMenu menu;
    fillPacketMenu(menu, cell);
    menu.exec(list->viewport()->mapToGlobal(at));
  });
  QTreeView* tree = window->treeView();
  tree->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(tree, &QWidget::customContextMenuRequested, this, [this, tree](const QPoint& at) {
    const QModelIndex row = tree->indexAt(at);
    if (!row.isValid()) return;
    tree->setCurrentIndex(row);
    QMenu menu;
    fillTreeMenu(menu, row);
    menu.exec(tree->viewport()->mapToGlobal(at));
  });
}

QString ContextMenus::summaryLine(std::uint64_t frame) const {
  PacketListModel* model = window_->packetModel();
  const int row = model->rowOfFrame(frame);
  if (row < 0) return {};
  // The columns as the list shows them: in their visual order, hidden ones left out.
  const QHeaderView* header = window_->packetView()->horizontalHeader();
  QStringList cells;
  for (int visual = 0; visual < header->count(); ++visual) {
    const int column = header->logicalIndex(visual);
    if (header->isSectionHidden(column)) continue;
    cells << model->data(model->index(row, column), Qt::DisplayRole).toString();
  }
  return cells.join(QLatin1Char('\t'));
}

ContextMenus::Selection ContextMenus::packetSelection(const QModelIndex& cell) const {
  Selection s;
  PacketListModel* model = window_->packetModel();
  s.frame = model->frameOfRow(cell.row());
  FieldTree tree;
  std::vector<std::uint8_t> bytes;
  if (s.frame == 0 || !model->decode(s.frame, tree, bytes)) return s;
  s.description = model->data(cell, Qt::DisplayRole).toString();
  s.value = s.description;
  s.hex = hexStream(bytes, 0, bytes.size());
  const int column = cell.column();
  if (column == PacketListModel::No || column == PacketListModel::Length) {
    s.name = column == PacketListModel::No ? QStringLiteral("frame.number")
                                           : QStringLiteral("frame.len");
    s.filter = s.name + QStringLiteral(" == ") + s.value;
    return s;
  }
  if (column == PacketListModel::Protocol) {
    // The layer that named the row: "DHCP" -> dhcp, when it is a registered protocol.
    const QString proto = s.value.toLower();
    FieldNode layer;
    const std::string name = proto.toStdString();
    layer.name = name;
    s.filter = QString::fromStdString(filter::filter_for_node(layer));
    s.name = s.filter;
    return s;
  }
  for (const ColumnFields& c : kColumnFields) {
    if (c.column != column) continue;
    for (std::string_view field : c.fields) {
      const NodeId id = field.empty() ? kNoNode : tree.find(field);
      if (id == kNoNode) continue;
      s.name = qs(field);
      s.value = plainValue(tree[id]);
      s.filter = QString::fromStdString(filter::filter_for_node(tree[id]));
      break;
    }
  }
  return s;
}

ContextMenus::Selection ContextMenus::treeSelection(const QModelIndex& row) const {
  Selection s;
  const FieldTreeModel* model = window_->treeModel();
  s.frame = window_->selectedFrame();
  const NodeId id = model->nodeOf(row);
  if (id == kNoNode) return s;
  const FieldNode& n = model->tree()[id];
  s.description = model->data(row, Qt::DisplayRole).toString();
  FieldTree tree;
  std::vector<std::uint8_t> bytes;
  if (window_->packetModel()->decode(s.frame, tree, bytes))
    s.hex = hexStream(bytes, n.offset, n.length);
  if (model->isWarningRow(row)) {
    // A warning: its code and message; filtering is on the field it is about.
    s.name = model->data(row, FieldTreeModel::kWarningCodeRole).toString();
    s.value = s.description;
  } else {
    s.name = qs(n.name);
    s.value = plainValue(n);
  }
  s.filter = QString::fromStdString(filter::filter_for_node(n));
  return s;
}

void ContextMenus::apply(const QString& filter, bool now) {
  QLineEdit* bar = window_->filterEdit();
  bar->setText(filter);
  if (now) {
    window_->applyFilter(filter);
  } else {
    bar->setFocus();  // Prepare: the user edits it, then Enter
  }
}

void ContextMenus::addFilterMenus(QMenu& menu, const QString& selected) {
  for (const bool now : {true, false}) {
    QMenu* sub = menu.addMenu(now ? tr("Apply as Filter") : tr("Prepare as Filter"));
    sub->setObjectName(now ? QStringLiteral("applyMenu") : QStringLiteral("prepareMenu"));
    sub->setEnabled(!selected.isEmpty());
    for (const Combine& c : kCombines) {
      QAction* a = sub->addAction(tr(c.label));
      a->setObjectName((now ? QStringLiteral("apply.") : QStringLiteral("prepare.")) +
                       QLatin1String(c.id));
      connect(a, &QAction::triggered, this, [this, selected, how = c.how, now] {
        const std::string current = window_->filterEdit()->text().toStdString();
        apply(QString::fromStdString(filter::combine_filter(current, selected.toStdString(), how)),
              now);
      });
    }
  }
}

void ContextMenus::addCopyMenu(QMenu& menu, const Selection& s) {
  QMenu* copy = menu.addMenu(tr("Copy"));
  copy->setObjectName(QStringLiteral("copyMenu"));
  const struct {
    QString label, id, text;
  } items[] = {
      {tr("Summary Line"), QStringLiteral("copy.summary"), summaryLine(s.frame)},
      {tr("Description"), QStringLiteral("copy.description"), s.description},
      {tr("Value"), QStringLiteral("copy.value"), s.value},
      {tr("Field Name"), QStringLiteral("copy.name"), s.name},
      {tr("As Filter"), QStringLiteral("copy.filter"), s.filter},
      {tr("Bytes as Hex"), QStringLiteral("copy.bytes"), s.hex},
  };
  for (const auto& item : items) {
    QAction* a = copy->addAction(item.label);
    a->setObjectName(item.id);
    a->setEnabled(!item.text.isEmpty());
    connect(a, &QAction::triggered, this, [text = item.text] { copyText(text); });
  }
}

void ContextMenus::addFollowMenu(QMenu& menu, std::uint64_t frame) {
  QMenu* sub = menu.addMenu(tr("Follow"));
  sub->setObjectName(QStringLiteral("followMenu"));
  FieldTree tree;
  std::vector<std::uint8_t> bytes;
  const bool decoded = frame && window_->packetModel()->decode(frame, tree, bytes);
  const bool from_file = !window_->packetModel()->path().isEmpty();
  for (const FollowItem& item : kFollowItems) {
    QAction* a = sub->addAction(tr(item.label));
    a->setObjectName(QLatin1String(item.id));
    std::string why = "no packet selected";
    const bool ok = decoded && !follow_filter(tree, item.kind, why).empty();
    if (ok && !from_file) why = "a live capture: save it and open the file to follow a stream";
    a->setEnabled(ok && from_file);
    if (!a->isEnabled()) a->setToolTip(QString::fromStdString(why));
    connect(a, &QAction::triggered, this, [this, frame, kind = item.kind] { follow(frame, kind); });
  }
  sub->setToolTipsVisible(true);
}

void ContextMenus::follow(std::uint64_t frame, FollowKind kind) {
  auto* dialog = new FollowDialog(window_->packetModel()->path(), frame, kind, window_);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &FollowDialog::filterReady, this,
          [this](const QString& filter) { apply(filter, true); });
  follow_ = dialog;
  dialog->show();
}

FollowDialog* ContextMenus::lastFollowDialog() const {
  return follow_;
}

void ContextMenus::fillPacketMenu(QMenu& menu, const QModelIndex& cell) {
  const Selection s = packetSelection(cell);
  addFilterMenus(menu, s.filter);
  addCopyMenu(menu, s);
  menu.addSeparator();
  addFollowMenu(menu, s.frame);
}

void ContextMenus::fillTreeMenu(QMenu& menu, const QModelIndex& row) {
  const Selection s = treeSelection(row);
  addFilterMenus(menu, s.filter);
  addCopyMenu(menu, s);
  menu.addSeparator();
  addFollowMenu(menu, s.frame);
}

}  // namespace pxescope::gui
