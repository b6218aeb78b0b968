// File ▸ Export Objects ▸ TFTP / HTTP: the files the capture carries (analyzer/stats:
// TFTP transfers block by block, HTTP bodies over reassembled TCP) with frame, host, name,
// size, complete or not and sha256; saves the selected ones or all into a folder (names made
// safe there, never a path: a capture is untrusted input); compares them with a TFTP root
// (same / different / missing / partial); opens the throughput graph of one.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "analyzer/stats/object_files.hpp"
#include "gui/stats_window.hpp"

class QPushButton;

namespace pxescope::gui {

class ExportObjectsDialog : public StatsWindow {
  Q_OBJECT

 public:
  // `only`: list one protocol's objects (the TFTP or HTTP menu entry); nullopt: both.
  ExportObjectsDialog(const QString& capture, std::optional<ObjectProtocol> only,
                      QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }
  const std::vector<ExportedObject>& objects() const { return *objects_; }

  // Writes the selected objects (or all) into `directory`; the status says what was written.
  // Blocks (the save re-reads the capture; tests and the buttons call it).
  std::vector<SavedObject> saveTo(const QString& directory, bool selected_only);
  // Fills the "TFTP root" column.
  void compareWith(const QString& root);
  // The selected row's object id, if any.
  std::optional<std::size_t> selectedObject() const;

 signals:
  void throughputRequested(std::size_t object_id);

 private:
  enum Column {
    kFrame,
    kProtocol,
    kHost,
    kName,
    kType,
    kSize,
    kComplete,
    kRetrans,
    kSha256,
    kRoot,
    kColumnCount
  };
  void fill() override;
  void chooseAndSave(bool selected_only);
  QString capture_;
  QTableWidget* table_;
  std::shared_ptr<std::vector<ExportedObject>> objects_;
  std::shared_ptr<std::string> error_;
};

}  // namespace pxescope::gui
