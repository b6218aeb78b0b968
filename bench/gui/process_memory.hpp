// Resident memory of this process, for the GUI benchmarks: a /proc/self/status field in kB
// ("VmRSS:" now, "VmHWM:" peak); -1 when it cannot be read.
#pragma once

#include <QFile>
#include <cstring>

inline long statusKb(const char* field) {
  QFile f(QStringLiteral("/proc/self/status"));
  if (!f.open(QIODevice::ReadOnly)) return -1;
  for (const QByteArray& line : f.readAll().split('\n'))
    if (line.startsWith(field))
      return line.mid(static_cast<qsizetype>(std::strlen(field)))
          .trimmed()
          .split(' ')
          .first()
          .toLong();
  return -1;
}
