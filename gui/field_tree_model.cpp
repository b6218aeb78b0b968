#include "gui/field_tree_model.hpp"

#include "analyzer/expert/expert_info.hpp"
#include "analyzer/fields/field_registry.hpp"

#include <QApplication>
#include <QColor>
#include <QStyle>

namespace pxescope::gui {
namespace {

NodeId nodeOfId(quintptr id) {
  return static_cast<NodeId>((id & 0xffffffffu) - 1);
}
std::size_t warningOfId(quintptr id) {
  return static_cast<std::size_t>(id >> 32);
}

// The node's line: stored by the dissector, or the registry's default made now.
QString lineText(const FieldNode& n) {
  std::string scratch;
  return QString::fromStdString(std::string(node_text(n, scratch)));
}

// "Client MAC address (dhcp.hw.mac_addr, FT_ETHER)": what the field is, from the registry.
QString fieldTip(const FieldNode& n, const QString& name) {
  const fields::RegisteredField* f = fields::find_field(n.name);
  if (!f) return name;
  const auto qs = [](std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
  };
  return qs(f->info.description) + QStringLiteral(" (") + name + QStringLiteral(", ") +
         qs(fields::field_type_name(f->info.type)) + QStringLiteral(")");
}

}  // namespace

FieldTreeModel::FieldTreeModel(QObject* parent) : QAbstractItemModel(parent) {
  if (auto* style = QApplication::style()) {
    warn_icon_ = style->standardIcon(QStyle::SP_MessageBoxWarning);
    error_icon_ = style->standardIcon(QStyle::SP_MessageBoxCritical);
    note_icon_ = style->standardIcon(QStyle::SP_MessageBoxInformation);
  }
}

void FieldTreeModel::setTree(const FieldTree& tree) {
  beginResetModel();
  tree_ = tree;
  endResetModel();
}

void FieldTreeModel::clear() {
  beginResetModel();
  tree_.clear();
  endResetModel();
}

int FieldTreeModel::childCount(NodeId node) const {
  int n = warningRows(node);
  tree_.for_each_child(node, [&](NodeId) { ++n; });
  return n;
}

int FieldTreeModel::warningRows(NodeId node) const {
  return node == kNoNode ? 0 : static_cast<int>(tree_[node].warnings.size());
}

int FieldTreeModel::rowOfNode(NodeId node) const {
  const NodeId parent = tree_[node].parent;
  int row = warningRows(parent), found = -1;  // the parent's warnings come first
  tree_.for_each_child(parent, [&](NodeId c) {
    if (c == node) found = row;
    ++row;
  });
  return found;
}

QModelIndex FieldTreeModel::index(int row, int column, const QModelIndex& parent) const {
  if (row < 0 || column != 0 || tree_.empty()) return {};
  const NodeId parent_node = parent.isValid() ? nodeOf(parent) : kNoNode;
  if (parent.isValid() && isWarningRow(parent)) return {};
  // As `analyze -V` prints them: a node's warnings first, then its fields.
  const int warnings = warningRows(parent_node);
  if (row < warnings)
    return createIndex(row, 0, pack(parent_node, static_cast<std::size_t>(row) + 1));
  int r = warnings;
  NodeId hit = kNoNode;
  tree_.for_each_child(parent_node, [&](NodeId c) {
    if (r++ == row) hit = c;
  });
  if (hit == kNoNode) return {};
  return createIndex(row, 0, pack(hit, 0));
}

QModelIndex FieldTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid()) return {};
  const NodeId node = nodeOf(child);
  if (isWarningRow(child)) return createIndex(rowOfNode(node), 0, pack(node, 0));
  const NodeId parent_node = tree_[node].parent;
  if (parent_node == kNoNode) return {};
  return createIndex(rowOfNode(parent_node), 0, pack(parent_node, 0));
}

int FieldTreeModel::rowCount(const QModelIndex& parent) const {
  if (tree_.empty()) return 0;
  if (!parent.isValid()) return childCount(kNoNode);
  if (isWarningRow(parent)) return 0;
  return childCount(nodeOf(parent));
}

int FieldTreeModel::columnCount(const QModelIndex&) const {
  return 1;
}

NodeId FieldTreeModel::nodeOf(const QModelIndex& index) const {
  return index.isValid() ? nodeOfId(index.internalId()) : kNoNode;
}

bool FieldTreeModel::isWarningRow(const QModelIndex& index) const {
  return index.isValid() && warningOfId(index.internalId()) != 0;
}

QModelIndex FieldTreeModel::indexOfNode(NodeId id) const {
  if (id == kNoNode || id >= tree_.size()) return {};
  return createIndex(rowOfNode(id), 0, pack(id, 0));
}

QVariant FieldTreeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const NodeId id = nodeOf(index);
  const FieldNode& n = tree_[id];
  const QString name = QString::fromUtf8(n.name.data(), static_cast<qsizetype>(n.name.size()));
  if (isWarningRow(index)) {
    const Warning& w = n.warnings[warningOfId(index.internalId()) - 1];
    const auto severity = severity_name(w.severity);
    const std::string_view code = expert_code(n.name, w.message);
    switch (role) {
      case Qt::DisplayRole:
        return QStringLiteral("[%1: %2]")
            .arg(QString::fromLatin1(severity.data(), static_cast<qsizetype>(severity.size())),
                 QString::fromStdString(w.message));
      case Qt::ToolTipRole:
        return QStringLiteral("%1 (%2)\n")
                   .arg(QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size())), name) +
               QString::fromStdString(w.message);
      case kWarningCodeRole:
        return QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size()));
      case Qt::DecorationRole:
        return w.severity == Severity::Error  ? error_icon_
               : w.severity == Severity::Warn ? warn_icon_
                                              : note_icon_;
      case Qt::ForegroundRole:
        return w.severity == Severity::Note   ? QColor(30, 120, 200)
               : w.severity == Severity::Warn ? QColor(200, 110, 0)
                                              : QColor(200, 40, 40);
      case kNodeIdRole:
        return static_cast<qulonglong>(id);
      default:
        return {};
    }
  }
  switch (role) {
    case Qt::DisplayRole:
      return lineText(n);
    case Qt::ToolTipRole: {
      QString tip = fieldTip(n, name);
      for (const Warning& w : n.warnings)
        tip += QStringLiteral("\n") + QString::fromStdString(w.message);
      return tip;
    }
    case Qt::DecorationRole: {
      bool error = false, warn = false;
      for (const Warning& w : n.warnings) {
        error |= w.severity == Severity::Error;
        warn |= w.severity == Severity::Warn;
      }
      if (error) return error_icon_;
      if (warn) return warn_icon_;
      return {};
    }
    case Qt::BackgroundRole:
      for (const Warning& w : n.warnings)
        if (w.severity != Severity::Note) return QColor(240, 200, 40, 70);
      return {};
    case kNodeIdRole:
      return static_cast<qulonglong>(id);
    default:
      return {};
  }
}

}  // namespace pxescope::gui
