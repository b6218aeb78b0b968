// The detail pane's model: the analyzer's field tree as a Qt item tree. A node's warnings are
// shown as its first child rows, "[warn: …]", where `analyze -V` prints them, with an icon, a
// colour by severity and the warning's code (expert_code) in the tooltip; every row's tooltip
// is the field's stable name.
#pragma once

#include <QAbstractItemModel>
#include <QIcon>

#include "analyzer/field_tree.hpp"

namespace pxescope::gui {

class FieldTreeModel : public QAbstractItemModel {
  Q_OBJECT

 public:
  static constexpr int kNodeIdRole = Qt::UserRole + 1;  // NodeId of the row (its node for warnings)
  static constexpr int kWarningCodeRole = Qt::UserRole + 2;  // a warning row's code (expert_code)

  explicit FieldTreeModel(QObject* parent = nullptr);

  void setTree(const FieldTree& tree);  // copies: the caller's tree is reused for the next frame
  void clear();
  const FieldTree& tree() const { return tree_; }

  QModelIndex indexOfNode(NodeId id) const;
  NodeId nodeOf(const QModelIndex& index) const;  // kNoNode for none
  bool isWarningRow(const QModelIndex& index) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

 private:
  // internalId: node id + 1 in the low 32 bits, warning number + 1 in the high bits (0: a field).
  static quintptr pack(NodeId node, std::size_t warning) {
    return (static_cast<quintptr>(warning) << 32) | (static_cast<quintptr>(node) + 1);
  }
  int childCount(NodeId node) const;
  int rowOfNode(NodeId node) const;
  int warningRows(NodeId node) const;  // a node's warnings: its first child rows

  FieldTree tree_;
  QIcon warn_icon_, error_icon_, note_icon_;
};

}  // namespace pxescope::gui
