// View ▸ Colouring Rules…: the ordered list of colouring rules, editable — add, remove, move
// up or down, edit a name, a filter or a colour (double-click a colour to pick it), enable
// or disable a rule (its checkbox). OK refuses a filter that does not parse, with the
// parser's message naming the rule. The rules are kept in QSettings (loadColourRules /
// saveColourRules); without saved ones the defaults apply.
#pragma once

#include <QDialog>
#include <vector>

#include "analyzer/packet_list/colour_rules.hpp"

class QLabel;
class QSettings;
class QTableWidget;

namespace pxescope::gui {

// The saved rules, or the defaults when none are saved; a saved rule whose filter no longer
// parses (a field renamed) is left out rather than breaking the list.
std::vector<ColourRule> loadColourRules(QSettings& settings);
void saveColourRules(QSettings& settings, const std::vector<ColourRule>& rules);

class ColouringRulesDialog : public QDialog {
  Q_OBJECT

 public:
  ColouringRulesDialog(const std::vector<ColourRule>& rules, QWidget* parent = nullptr);

  // The rules as edited (valid once accepted).
  const std::vector<ColourRule>& rules() const { return accepted_; }
  QTableWidget* table() const { return table_; }
  QLabel* errorLabel() const { return error_; }

  // OK: compiles every rule; on an error it stays open with the reason and returns false.
  bool tryAccept();
  void addRule();
  void removeRule(int row);
  void moveRule(int row, int by);
  void restoreDefaults();

  enum TableColumn { Name, Filter, Background, Foreground, ColumnCount };

 private:
  void setRules(const std::vector<ColourRule>& rules);
  void setRow(int row, const ColourRule& rule);
  ColourRule ruleAt(int row) const;
  void pickColour(int row, int column);

  QTableWidget* table_;
  QLabel* error_;
  std::vector<ColourRule> accepted_;
};

}  // namespace pxescope::gui
