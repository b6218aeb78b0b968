#include "gui/dhcp_servers_dialog.hpp"

#include <QTableWidget>
#include <QVBoxLayout>

#include "analyzer/stats/capture_pass.hpp"
#include "gui/stats_table.hpp"

namespace pxescope::gui {
namespace {

enum Column {
  kServer,
  kOffers,
  kAcks,
  kNaks,
  kClients,
  kProxy,
  kPort4011,
  kBootInfo,
  kBootFiles,
  kFirst,
  kLast,
  kConflict
};

QString yesNo(bool b) {
  return b ? QObject::tr("yes") : QObject::tr("no");
}

}  // namespace

DhcpServersDialog::DhcpServersDialog(const QString& capture, QWidget* parent)
    : StatsWindow(QStringLiteral("dhcpServersDialog"), tr("DHCP servers"), capture, parent),
      servers_(std::make_shared<std::vector<DhcpServerStats>>()),
      error_(std::make_shared<std::string>()) {
  resize(1100, 360);
  table_ = makeStatsTable({tr("Server"), tr("Offers"), tr("ACKs"), tr("NAKs"), tr("Clients"),
                           tr("Proxy"), tr("4011"), tr("Boot info"), tr("Boot files"),
                           tr("First frame"), tr("Last frame"), tr("Conflict")});
  body()->addWidget(table_, 1);
  activateFramesFrom(table_, kFirst);
  const std::string path = capture.toStdString();
  startPass([path, servers = servers_, error = error_](const std::atomic<bool>& cancel) {
    StoryBuilder builder;
    if (read_capture_frames(
            path, [&](const Frame& f) { builder.add(f); }, *error, &cancel))
      *servers = dhcp_server_stats(builder.finish());
  });
}

void DhcpServersDialog::fill() {
  if (!error_->empty()) {
    setStatus(QString::fromStdString(*error_));
    return;
  }
  int conflicts = 0;
  for (const DhcpServerStats& s : *servers_) {
    QStringList files;
    for (const std::string& f : s.boot_files) files << QString::fromStdString(f);
    conflicts += s.conflicting;
    appendStatsRow(table_,
                   {QString::fromStdString(s.server), qulonglong{s.offers}, qulonglong{s.acks},
                    qulonglong{s.naks}, qulonglong{s.clients}, yesNo(s.proxy), yesNo(s.port_4011),
                    yesNo(s.boot_info), files.join(QStringLiteral(", ")), qulonglong{s.first_frame},
                    qulonglong{s.last_frame}, QString::fromStdString(s.conflict)},
                   s.conflicting ? statsTint(0) : QColor());
  }
  table_->setSortingEnabled(true);
  table_->resizeColumnsToContents();
  const int n = static_cast<int>(servers_->size());
  setStatus(conflicts ? tr("%n server(s) answered; %1 gave a client boot information another "
                           "server contradicted: the firmware follows whichever offer wins.",
                           nullptr, n)
                            .arg(conflicts)
                      : tr("%n server(s) answered.", nullptr, n));
}

}  // namespace pxescope::gui
