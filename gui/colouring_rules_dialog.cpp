#include "gui/colouring_rules_dialog.hpp"

#include <QColorDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pxescope::gui {
namespace {

constexpr const char* kArray = "colouringRules";

QString colourText(std::uint32_t rgb) {
  return QColor::fromRgb(rgb).name();  // "#rrggbb"
}

bool parseColour(const QString& text, std::uint32_t& rgb) {
  const QColor c = QColor::fromString(text.trimmed());
  if (!c.isValid()) return false;
  rgb = c.rgb() & 0xffffffu;
  return true;
}

}  // namespace

std::vector<ColourRule> loadColourRules(QSettings& settings) {
  if (!settings.contains(QStringLiteral("%1/size").arg(QLatin1String(kArray))))
    return default_colour_rules();
  std::vector<ColourRule> rules;
  const int n = settings.beginReadArray(QLatin1String(kArray));
  for (int i = 0; i < n; ++i) {
    settings.setArrayIndex(i);
    ColourRule r;
    r.name = settings.value(QStringLiteral("name")).toString().toStdString();
    r.filter = settings.value(QStringLiteral("filter")).toString().toStdString();
    r.enabled = settings.value(QStringLiteral("enabled"), true).toBool();
    if (!parseColour(settings.value(QStringLiteral("background")).toString(), r.background) ||
        !parseColour(settings.value(QStringLiteral("foreground")).toString(), r.foreground))
      continue;
    std::string error;
    if (ColourRuleSet::compile({r}, error)) rules.push_back(std::move(r));
  }
  settings.endArray();
  return rules;
}

void saveColourRules(QSettings& settings, const std::vector<ColourRule>& rules) {
  settings.remove(QLatin1String(kArray));
  settings.beginWriteArray(QLatin1String(kArray), static_cast<int>(rules.size()));
  for (std::size_t i = 0; i < rules.size(); ++i) {
    settings.setArrayIndex(static_cast<int>(i));
    const ColourRule& r = rules[i];
    settings.setValue(QStringLiteral("name"), QString::fromStdString(r.name));
    settings.setValue(QStringLiteral("filter"), QString::fromStdString(r.filter));
    settings.setValue(QStringLiteral("background"), colourText(r.background));
    settings.setValue(QStringLiteral("foreground"), colourText(r.foreground));
    settings.setValue(QStringLiteral("enabled"), r.enabled);
  }
  settings.endArray();
}

ColouringRulesDialog::ColouringRulesDialog(const std::vector<ColourRule>& rules, QWidget* parent)
    : QDialog(parent), table_(new QTableWidget(0, ColumnCount)), error_(new QLabel) {
  setWindowTitle(tr("Colouring Rules"));
  table_->setHorizontalHeaderLabels({tr("Name"), tr("Filter"), tr("Background"), tr("Foreground")});
  table_->horizontalHeader()->setSectionResizeMode(Filter, QHeaderView::Stretch);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->hide();
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #c62828;"));
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
    if (column == Background || column == Foreground) pickColour(row, column);
  });

  auto button = [this](const QString& text, auto slot) {
    auto* b = new QPushButton(text);
    connect(b, &QPushButton::clicked, this, slot);
    return b;
  };
  auto current = [this] { return table_->currentRow(); };
  auto* edits = new QHBoxLayout;
  edits->addWidget(button(tr("&Add"), [this] { addRule(); }));
  edits->addWidget(button(tr("&Remove"), [this, current] { removeRule(current()); }));
  edits->addWidget(button(tr("&Up"), [this, current] { moveRule(current(), -1); }));
  edits->addWidget(button(tr("&Down"), [this, current] { moveRule(current(), 1); }));
  edits->addStretch();
  edits->addWidget(button(tr("Restore &Defaults"), [this] { restoreDefaults(); }));
  auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(box, &QDialogButtonBox::accepted, this, [this] { tryAccept(); });
  connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(
      tr("A packet takes the colours of the first rule its frame matches (display filters). "
         "Double-click a colour to change it.")));
  layout->addWidget(table_);
  layout->addLayout(edits);
  layout->addWidget(error_);
  layout->addWidget(box);
  resize(760, 420);
  setRules(rules);
}

void ColouringRulesDialog::setRules(const std::vector<ColourRule>& rules) {
  table_->setRowCount(0);
  for (const ColourRule& r : rules) {
    table_->insertRow(table_->rowCount());
    setRow(table_->rowCount() - 1, r);
  }
}

void ColouringRulesDialog::setRow(int row, const ColourRule& rule) {
  auto* name = new QTableWidgetItem(QString::fromStdString(rule.name));
  name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
  name->setCheckState(rule.enabled ? Qt::Checked : Qt::Unchecked);
  // The name shows the rule's own colours, as the list will draw a light palette.
  name->setBackground(QColor::fromRgb(rule.background));
  name->setForeground(QColor::fromRgb(rule.foreground));
  table_->setItem(row, Name, name);
  table_->setItem(row, Filter, new QTableWidgetItem(QString::fromStdString(rule.filter)));
  table_->setItem(row, Background, new QTableWidgetItem(colourText(rule.background)));
  table_->setItem(row, Foreground, new QTableWidgetItem(colourText(rule.foreground)));
}

ColourRule ColouringRulesDialog::ruleAt(int row) const {
  ColourRule r;
  auto text = [&](int column) {
    const QTableWidgetItem* item = table_->item(row, column);
    return item ? item->text() : QString();
  };
  r.name = text(Name).toStdString();
  r.filter = text(Filter).toStdString();
  const QTableWidgetItem* name = table_->item(row, Name);
  r.enabled = !name || name->checkState() == Qt::Checked;
  parseColour(text(Background), r.background);
  parseColour(text(Foreground), r.foreground);
  return r;
}

bool ColouringRulesDialog::tryAccept() {
  std::vector<ColourRule> rules;
  for (int row = 0; row < table_->rowCount(); ++row) {
    for (int column : {Background, Foreground}) {
      std::uint32_t rgb = 0;
      const QTableWidgetItem* item = table_->item(row, column);
      if (!item || !parseColour(item->text(), rgb)) {
        error_->setText(tr("rule %1: '%2' is not a colour (write it as #rrggbb)")
                            .arg(row + 1)
                            .arg(item ? item->text() : QString()));
        table_->setCurrentCell(row, column);
        return false;
      }
    }
    rules.push_back(ruleAt(row));
  }
  std::string error;
  if (!ColourRuleSet::compile(rules, error)) {
    error_->setText(QString::fromStdString(error));
    return false;
  }
  error_->clear();
  accepted_ = std::move(rules);
  accept();
  return true;
}

void ColouringRulesDialog::addRule() {
  const int row = table_->currentRow() < 0 ? table_->rowCount() : table_->currentRow() + 1;
  table_->insertRow(row);
  setRow(row, {"New rule", "frame", 0xffffe0, 0x000000});
  table_->setCurrentCell(row, Filter);
}

void ColouringRulesDialog::removeRule(int row) {
  if (row >= 0 && row < table_->rowCount()) table_->removeRow(row);
}

void ColouringRulesDialog::moveRule(int row, int by) {
  const int to = row + by;
  if (row < 0 || row >= table_->rowCount() || to < 0 || to >= table_->rowCount()) return;
  const ColourRule moving = ruleAt(row);
  setRow(row, ruleAt(to));
  setRow(to, moving);
  table_->setCurrentCell(to, table_->currentColumn() < 0 ? 0 : table_->currentColumn());
}

void ColouringRulesDialog::restoreDefaults() {
  setRules(default_colour_rules());
}

void ColouringRulesDialog::pickColour(int row, int column) {
  std::uint32_t rgb = 0;
  parseColour(table_->item(row, column)->text(), rgb);
  const QColor chosen = QColorDialog::getColor(QColor::fromRgb(rgb), this);
  if (!chosen.isValid()) return;
  table_->item(row, column)->setText(chosen.name());
  setRow(row, ruleAt(row));  // the name cell shows the new colours
}

}  // namespace pxescope::gui
