// Dark mode: under a dark platform palette the verdict banner, the story's frame links and
// warnings, and the filter bar's states stay readable (WCAG contrast of what is drawn) and
// dark, instead of light-theme colours pasted on a dark window.
#include <QApplication>
#include <QHash>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTextBlock>
#include <QTextBrowser>
#include <QtTest>

#include "gui/palette_colors.hpp"
#include "tests/gui/window_fixture.hpp"

using namespace pxescope::gui;
using pxescope::test::kBootedMac;
using pxescope::test::openAndTell;

namespace {

const QString kBooted = pxescope::test::kBootedCapture;
const QString kFailed =
    QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/bios-missing-file.pcap");

// A dark theme as a platform would set it; Link is left at Qt's default blue, the colour a
// link takes when a theme forgets it (unreadable on dark grey).
QPalette darkPalette() {
  QPalette dark = pxescope::test::darkPalette();
  dark.setColor(QPalette::Link, QColor(Qt::blue));
  return dark;
}

// What a widget draws: its most frequent colour (the background) and the colour that stands
// out most from it (the text).
struct Drawn {
  QColor background, text;
};
Drawn drawnColors(QWidget* widget) {
  const QImage image = widget->grab().toImage();
  QHash<QRgb, int> counts;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) ++counts[image.pixel(x, y) | 0xff000000u];
  Drawn d;
  int most = 0;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it)
    if (it.value() > most) {
      most = it.value();
      d.background = QColor(it.key());
    }
  double best = 0;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it)
    if (const double c = contrastRatio(QColor(it.key()), d.background); c > best) {
      best = c;
      d.text = QColor(it.key());
    }
  return d;
}

QString describe(const Drawn& d) {
  return QStringLiteral("%1 on %2: %3:1")
      .arg(d.text.name(), d.background.name())
      .arg(contrastRatio(d.text, d.background), 0, 'f', 2);
}

}  // namespace

class DarkPaletteTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setPalette(darkPalette());
  }

  void helpersMakeFixedColoursReadable() {
    const QPalette dark = darkPalette();
    QVERIFY(isDarkPalette(dark));
    QVERIFY(!isDarkPalette(QPalette(Qt::white)));
    // Black on white is 21:1 (WCAG's scale).
    QCOMPARE(qRound(contrastRatio(Qt::black, Qt::white)), 21);
    QVERIFY(contrastRatio(QColor(Qt::blue), dark.color(QPalette::Base)) < 4.5);  // the problem
    QVERIFY(contrastRatio(linkColor(dark), dark.color(QPalette::Base)) >= 4.5);
    QVERIFY(contrastRatio(warningTextColor(dark), dark.color(QPalette::Base)) >= 4.5);
    QVERIFY(contrastRatio(errorTextColor(dark), dark.color(QPalette::Window)) >= 4.5);
    // The hue stays: a link is still blue, a warning still amber.
    QCOMPARE(linkColor(dark).hslHue(), QColor(Qt::blue).hslHue());
    QVERIFY(qAbs(warningTextColor(dark).hslHue() - QColor(0xb2, 0x6a, 0x00).hslHue()) <= 2);
    // A colour that already reads is left alone.
    QCOMPARE(readableOn(Qt::white, Qt::black), QColor(Qt::white));
  }

  void verdictBannerIsDarkAndReadable() {
    for (const QString& path : {kBooted, kFailed}) {
      MainWindow w(false);
      QVERIFY(openAndTell(w, path));
      QVERIFY(w.selectFrame(1));
      QLabel* verdict = w.bootStoryView()->verdictLabel();
      QVERIFY(verdict->isVisible());
      const Drawn d = drawnColors(verdict);
      QVERIFY2(contrastRatio(d.text, d.background) >= 4.5, qPrintable(describe(d)));
      // A banner that fits the dark theme: darker than its text.
      QVERIFY2(d.background.lightness() < d.text.lightness(), qPrintable(describe(d)));
      QVERIFY2(d.background.lightness() < 110, qPrintable(describe(d)));
    }
  }

  void storyLinksAndWarningsReadOnTheDarkBase() {
    MainWindow w(false);
    QVERIFY(openAndTell(w, kBooted));
    w.bootStoryView()->showClient(kBootedMac);
    auto* body = w.bootStoryView()->findChild<QTextBrowser*>(QStringLiteral("storyBody"));
    QVERIFY(body);
    const QColor base = body->palette().color(QPalette::Base);
    int links = 0;
    for (QTextBlock b = body->document()->begin(); b.isValid(); b = b.next())
      for (auto it = b.begin(); !it.atEnd(); ++it) {
        const QTextCharFormat f = it.fragment().charFormat();
        if (!f.isAnchor()) continue;
        ++links;
        const QColor drawn = f.hasProperty(QTextFormat::ForegroundBrush)
                                 ? f.foreground().color()
                                 : body->palette().color(QPalette::Link);
        QVERIFY2(contrastRatio(drawn, base) >= 4.5,
                 qPrintable(QStringLiteral("link %1 on %2").arg(drawn.name(), base.name())));
      }
    QVERIFY(links > 0);
    // Warnings in the timeline use the palette's readable amber.
    QVERIFY(!body->toHtml().contains(QLatin1String("#b26a00")));
  }

  void filterBarStatesAreDarkAndReadable() {
    MainWindow w(false);
    QVERIFY(openAndTell(w, kBooted));
    QLineEdit* edit = w.filterEdit();
    for (const auto& [text, valid] :
         {std::pair{QStringLiteral("dhcp &&"), false}, std::pair{QStringLiteral("dhcp"), true}}) {
      edit->setText(text);
      QCOMPARE(w.applyFilter(text), valid);
      const Drawn d = drawnColors(edit);
      QVERIFY2(contrastRatio(d.text, d.background) >= 4.5, qPrintable(text + ": " + describe(d)));
      QVERIFY2(d.background.lightness() < d.text.lightness(),
               qPrintable(text + ": " + describe(d)));
    }
    // The reason beside the bar is a red that reads on the dark window.
    edit->setText(QStringLiteral("dhcp &&"));
    QVERIFY(!w.applyFilter(edit->text()));
    QLabel* reason = nullptr;
    for (QLabel* l : w.findChildren<QLabel*>())
      if (l->text().contains(QLatin1String("end of the filter"))) reason = l;
    QVERIFY(reason);
    const QColor window = w.palette().color(QPalette::Window);
    const QColor red = reason->palette().color(QPalette::WindowText);
    QVERIFY2(contrastRatio(red, window) >= 4.5, qPrintable(red.name()));
    QVERIFY(red.red() > red.green() && red.red() > red.blue());
  }
};

QTEST_MAIN(DarkPaletteTest)
#include "dark_palette_test.moc"
