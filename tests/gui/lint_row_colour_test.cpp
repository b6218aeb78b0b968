// Rows whose only problem is an offer-linter finding: the packet list's pass runs the linter
// (as `analyze -V` and `analyze --expert` do), so `_ws.expert` keeps them and the "Warnings"
// colouring rule colours them, like the rows of the dissectors' warnings.
#include <QStandardPaths>
#include <QtTest>
#include <map>
#include <set>

#include "analyzer/expert/expert_info.hpp"
#include "gui/find_pass.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "tests/gui/window_fixture.hpp"

using namespace pxescope;
using namespace pxescope::gui;
using pxescope::test::ruleNamed;

namespace {

// The UEFI client handed pxelinux.0: the proxyDHCP ACK's only problem is the linter's.
const QString kUefi = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap");

struct Warned {
  std::set<std::uint64_t> all;          // a warning or an error of any origin
  std::set<std::uint64_t> linter_only;  // only the linter's
};

// From `analyze --expert`'s reading of the file (every frame dissected and linted in order).
Warned warnedFrames(const QString& path) {
  const ExpertReport report = collect_expert_info(path.toStdString(), nullptr);
  std::map<std::uint64_t, bool> by_dissector;
  for (const ExpertItem& item : report.items) {
    if (item.severity < Severity::Warn) continue;
    by_dissector[item.frame] |= !item.message.starts_with("pxe-lint ");
  }
  Warned w;
  for (const auto& [frame, dissector] : by_dissector) {
    w.all.insert(frame);
    if (!dissector) w.linter_only.insert(frame);
  }
  return w;
}

}  // namespace

class LintRowColourTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void aRowWithOnlyALinterFindingTakesTheWarningColour() {
    const Warned warned = warnedFrames(kUefi);
    QVERIFY2(!warned.linter_only.empty(), "the capture has no frame with only a linter finding");
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    PacketListModel* m = w.packetModel();
    m->waitForScan();
    const ColourRuleSet& rules = m->colourRules();
    const int warning = ruleNamed(rules, "Warnings");
    QVERIFY(warning >= 0);
    for (std::uint64_t frame : warned.linter_only) {
      QVERIFY(m->factsOf(frame));
      QVERIFY(m->factsOf(frame)->flags & kFrameLinted);
      QVERIFY(m->factsOf(frame)->flags & kFrameWarned);
      QCOMPARE(m->colourRuleOf(frame), warning);
      const QModelIndex i = m->index(m->rowOfFrame(frame), PacketListModel::Info);
      QCOMPARE(m->data(i, Qt::BackgroundRole).value<QColor>(),
               QColor::fromRgb(rules.rules()[static_cast<std::size_t>(warning)].background));
    }
  }

  // Find (Ctrl+F) by display filter: `_ws.expert` finds the frames that rule colours.
  void findByExpertFilterStopsAtTheLintersFrame() {
    const Warned warned = warnedFrames(kUefi);
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    w.packetModel()->waitForScan();
    std::string error;
    auto search = FrameSearch::parse(SearchKind::DisplayFilter, "_ws.expert", error);
    QVERIFY2(search.has_value(), error.c_str());
    JobInput input = w.packetModel()->makeJobInput();
    const std::atomic<bool> go{false};
    const FindRequest request{*search, -1, false};
    QCOMPARE(run_find(input, request, go, {}), *warned.all.begin());
    for (std::uint64_t frame : warned.linter_only) {
      const FindRequest from_before{*search, w.packetModel()->rowOfFrame(frame) - 1, false};
      QCOMPARE(run_find(input, from_before, go, {}), frame);
    }
  }

  // The filter bar's `_ws.expert` keeps exactly the frames `analyze --expert` warns about.
  void expertFilterKeepsTheLintersFrames() {
    const Warned warned = warnedFrames(kUefi);
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    PacketListModel* m = w.packetModel();
    m->waitForScan();
    QVERIFY(w.applyFilter(QStringLiteral("_ws.expert")));
    m->waitForScan();
    std::set<std::uint64_t> kept;
    for (int row = 0; row < m->rowCount(); ++row) kept.insert(m->frameOfRow(row));
    QCOMPARE(kept, warned.all);
    for (std::uint64_t frame : warned.linter_only) QVERIFY(kept.contains(frame));
  }
};

QTEST_MAIN(LintRowColourTest)
#include "lint_row_colour_test.moc"
