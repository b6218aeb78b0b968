#include "gui/respond_form.hpp"

#include <net/if.h>

#include <QFileInfo>
#include <QObject>
#include <QRegularExpression>
#include <functional>

namespace pxescope::gui {
namespace {

QString tr(const char* text) {
  return QObject::tr(text);
}

bool isMac(const QString& text) {
  static const QRegularExpression mac(
      QStringLiteral("^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\\1[0-9a-fA-F]{2}){4}$"));
  return mac.match(text).hasMatch();
}

bool isUrl(const QString& text) {
  return text.startsWith(QLatin1String("http://")) || text.startsWith(QLatin1String("https://"));
}

// One rule per field, in the form's order: the problem, or empty.
struct FieldRule {
  std::function<QString(const RespondForm&, const QStringList&)> problem;
};

const FieldRule kRules[] = {
    {[](const RespondForm& f, const QStringList&) {
      if (f.mac.trimmed().isEmpty())
        return tr("Client MAC is empty: select a client (or one of its packets) first.");
      return isMac(f.mac.trimmed())
                 ? QString()
                 : tr("Client MAC '%1' is not a MAC address (52:54:00:12:34:56).").arg(f.mac);
    }},
    {[](const RespondForm& f, const QStringList& interfaces) {
      if (f.replays()) return QString();  // a replay reads the file, not an interface
      if (f.iface.trimmed().isEmpty())
        return tr("Interface is empty: choose the network the client is on.");
      return interfaces.contains(f.iface.trimmed())
                 ? QString()
                 : tr("Interface '%1' does not exist on this machine (%2).")
                       .arg(f.iface, interfaces.join(QStringLiteral(", ")));
    }},
    {[](const RespondForm& f, const QStringList&) {
      if (f.tftp_root.isEmpty() || f.dry_run) return QString();  // a dry run serves no file
      return QFileInfo(f.tftp_root).isDir()
                 ? QString()
                 : tr("TFTP root '%1' is not a directory: create it or pick another.")
                       .arg(f.tftp_root);
    }},
    {[](const RespondForm& f, const QStringList&) {
      const QString file = f.boot_file.trimmed();
      if (file.isEmpty())
        return tr("Boot file is empty: name the file the client loads (e.g. undionly.kpxe).");
      if (file.contains(QRegularExpression(QStringLiteral("\\s"))))
        return tr("Boot file '%1' has a space: firmware sends the name as it is.").arg(file);
      if (file.startsWith(QLatin1Char('/')) ||
          file.split(QLatin1Char('/')).contains(QStringLiteral("..")))
        return tr("Boot file '%1' must be a path inside the TFTP root (no leading / or ..).")
            .arg(file);
      return QString();
    }},
    {[](const RespondForm& f, const QStringList&) {
      const QString script = f.ipxe_script.trimmed();
      if (script.isEmpty() || isUrl(script) || QFileInfo(script).isFile()) return QString();
      return tr("iPXE script '%1' is neither a file nor an http:// URL.").arg(script);
    }},
};

}  // namespace

QStringList networkInterfaceNames() {
  QStringList names;
  if (struct if_nameindex* list = if_nameindex()) {
    for (const struct if_nameindex* i = list; i->if_index != 0; ++i)
      names << QString::fromLocal8Bit(i->if_name);
    if_freenameindex(list);
  }
  names.sort();
  return names;
}

QString respondFormProblem(const RespondForm& form, const QStringList& interfaces) {
  for (const FieldRule& rule : kRules)
    if (QString problem = rule.problem(form, interfaces); !problem.isEmpty()) return problem;
  return {};
}

QStringList respondArguments(const RespondForm& form) {
  QStringList args{QStringLiteral("respond")};
  if (form.replays())
    args << QStringLiteral("--replay") << form.replay_file;
  else
    args << QStringLiteral("-i") << form.iface.trimmed();
  args << QStringLiteral("--only") << form.mac.trimmed();
  if (!form.tftp_root.isEmpty()) args << QStringLiteral("--tftp-root") << form.tftp_root;
  if (!form.boot_file.isEmpty()) args << QStringLiteral("--boot-file") << form.boot_file.trimmed();
  if (!form.ipxe_script.isEmpty())
    args << QStringLiteral("--ipxe-boot") << form.ipxe_script.trimmed();
  if (form.dry_run && !form.replays()) args << QStringLiteral("--dry-run");
  return args;
}

QString setcapLine(const QString& pxescope, const QString& pxescope_gui) {
  auto real = [](const QString& path) {
    const QString resolved = QFileInfo(path).canonicalFilePath();
    return resolved.isEmpty() ? path : resolved;
  };
  // pxescope: capture (raw, admin for promiscuous mode) and respond (raw, bind 67/69/4011).
  return QStringLiteral(
             "sudo setcap cap_net_raw,cap_net_admin,cap_net_bind_service=eip %1 "
             "cap_net_raw,cap_net_admin=eip %2")
      .arg(real(pxescope), real(pxescope_gui));
}

QString withOneSetcapLine(const QString& message, const QString& setcap_line) {
  QStringList lines;
  for (QString line : message.trimmed().split(QLatin1Char('\n'))) {
    const qsizetype advice = line.indexOf(QLatin1String("sudo setcap"));
    if (advice >= 0) {
      line.truncate(advice);
      while (line.endsWith(QLatin1Char(' ')) || line.endsWith(QLatin1Char(':')) ||
             line.endsWith(QLatin1Char(',')))
        line.chop(1);
      if (line.count(QLatin1Char('(')) > line.count(QLatin1Char(')'))) line += QLatin1Char(')');
    }
    lines << line;
  }
  return QObject::tr(
             "%1\n\nTo run pxescope and pxescope-gui without root, once (one line for "
             "both: a file's capabilities are replaced as a whole):\n  %2")
      .arg(lines.join(QLatin1Char('\n')), setcap_line);
}

}  // namespace pxescope::gui
