// What the window tests share: the real SeaBIOS/iPXE boot they open, the pxescope-gui program
// they run, and opening a capture in a window up to its told stories.
#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QPalette>
#include <QProcess>
#include <QSet>
#include <QString>
#include <QStringList>
#include <string_view>

#include "gui/boot_story_view.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "tests/test_captures.hpp"

namespace pxescope::test {

// A dark theme as a platform would set it (the GUI tests of dark palettes share it).
inline QPalette darkPalette() {
  QPalette dark;
  dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
  dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
  dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
  dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
  dark.setColor(QPalette::Button, QColor(0x30, 0x30, 0x30));
  dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
  dark.setColor(QPalette::Highlight, QColor(0x3d, 0x6e, 0xb4));
  dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
  return dark;
}

// The index of the colouring rule called `name` (-2: none).
inline int ruleNamed(const ColourRuleSet& set, std::string_view name) {
  for (std::size_t i = 0; i < set.rules().size(); ++i)
    if (set.rules()[i].name == name) return static_cast<int>(i);
  return -2;
}

inline const QString kBootedCapture =
    QString::fromStdString(real_capture("seabios-ipxe-proxydhcp.pcap"));
// Its client's MAC, from the recording's .discover.txt (it changes with each re-recording).
inline const QString kBootedMac =
    QString::fromStdString(discover_fact("seabios-ipxe-proxydhcp.pcap", "Client MAC address"));
inline const QString kGuiProgram = QStringLiteral(PXESCOPE_BIN_DIR "/pxescope-gui");

// Opens `path` in a shown window (the default layout) and waits for the index and stories.
inline bool openAndTell(gui::MainWindow& w, const QString& path) {
  w.resize(1400, 900);
  w.show();
  if (!w.openFile(path, true)) return false;
  w.packetModel()->waitForScan();
  w.bootStoryView()->waitForStories();
  QCoreApplication::processEvents();
  return w.bootStoryView()->isReady();
}

// Runs pxescope-gui offscreen with `args` and extra environment; its exit code (-1: it did
// not finish in a minute, -2: it crashed) and its stderr in `err`.
inline int runGuiProgram(const QStringList& args, const QStringList& env_extra = {},
                         QString* err = nullptr) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  for (const QString& kv : env_extra)
    env.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
  p.setProcessEnvironment(env);
  p.start(kGuiProgram, args);
  if (!p.waitForFinished(60000)) return -1;
  if (err) *err = QString::fromUtf8(p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
}

// Distinct colours of an image, every third pixel (a blank or one-colour render has 1 or 2).
inline int distinctColours(const QImage& image) {
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 3)
    for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
  return int(colours.size());
}

}  // namespace pxescope::test
