// The "Boot story" pane: the selected client's timeline, verdict (green booted, red
// otherwise), reason, fix and firmware fingerprint. A view only: the stories come from
// analyzer/story (StoryBuilder + decide_verdict), told once per capture file in the background
// by re-reading the file exactly as `pxescope diagnose` does.
#pragma once

#include <QDockWidget>
#include <QFutureWatcher>
#include <QHash>
#include <QPromise>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "analyzer/clients/client_membership.hpp"
#include "analyzer/story/boot_story.hpp"

class QLabel;
class QTextBrowser;

namespace pxescope::gui {

class BootStoryView : public QDockWidget {
  Q_OBJECT

 public:
  // Timeline rows the pane lays out at most (the head and the tail of a longer story).
  static constexpr std::size_t kMaxStoryRows = 200;

  explicit BootStoryView(QWidget* parent = nullptr);
  ~BootStoryView() override;

  // Tells the stories of this capture file in the background (forgets the previous ones).
  void setCapture(const QString& path);
  // Stops telling the stories of the current file (Esc, another file): the pass ends within a
  // few thousand frames and the pane says so. Nothing happens when none is being told.
  void cancel();
  bool isTelling() const;
  // No file to re-read (a live capture): the pane says why it is empty.
  void clearCapture(const QString& why);
  // Shows this client's story ("52:54:00:12:34:56"), now or as soon as the stories are told.
  void showClient(const QString& mac);
  // Shows the story of the client a frame belongs to (`membership`; null: the MACs the frame
  // carries): its TFTP, ICMP and HTTP frames show its story too. A frame of no told client
  // leaves the pane as it is. Before the stories are told, decided when they are.
  void showClientOfFrame(const ClientMembership* membership, std::uint64_t frame,
                         const FieldTree& tree);
  // The client the pane shows or waits for (lower case), empty if none.
  QString shownClient() const { return wanted_mac_; }
  // A client (or a selected frame's clients) is shown or waited for.
  bool hasClient() const { return !wanted_mac_.isEmpty() || !wanted_among_.isEmpty(); }
  // Stories told elsewhere (a live capture's, as they happen): replaces the shown ones.
  void setStories(std::vector<ClientStory> stories, const QString& error = {});

  bool isReady() const { return ready_; }
  // Blocks until the stories are told and shown (screenshots, tests).
  void waitForStories();
  // What the pane shows, for tests.
  QString verdictText() const;
  QString storyText() const;  // reason, fix, firmware and timeline as plain text
  // "iPXE (BIOS, ...) 97%" for the clients view; empty until the stories are told.
  QString firmwareOf(const QString& mac) const;
  // The IPv4 address the client got ("10.0.2.15"); empty if none or not told yet.
  QString addressOf(const QString& mac) const;
  // The client's verdict; nullopt when it has no story (or they are not told yet).
  std::optional<Verdict> verdictOf(const QString& mac) const;
  QLabel* verdictLabel() const { return verdict_; }
  // Passes over every story since the last capture (the index is built in one; tests check
  // that refreshing the clients adds none, so thousands of clients never freeze the window).
  std::uint64_t storyScans() const { return told_ ? told_->scans : 0; }

 signals:
  void storiesReady();
  // How far the story pass is into the file (0-100), as the pane shows it.
  void tellingProgress(int percent);
  // A timeline row's frame number was clicked.
  void frameActivated(std::uint64_t frame);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Told {
    std::vector<ClientStory> stories;
    QHash<QString, std::size_t> by_mac;  // lower-case MAC -> its (last) story
    std::uint64_t scans = 0;
    bool capped = false;  // machines beyond kMaxClients were left out
    QString error;
  };
  static void tell(QPromise<std::shared_ptr<Told>>& promise, const QString& path);
  static void index(Told& told);
  void onTold();
  void onProgress(int percent);
  void releaseStories();
  void render();
  void showMessage(const QString& text);
  const ClientStory* storyOf(const QString& mac) const;

  QFutureWatcher<std::shared_ptr<Told>> watcher_;
  std::shared_ptr<Told> told_;
  QString wanted_mac_;
  QStringList wanted_among_;  // a frame's clients, when the stories were not told yet
  QString path_;
  bool ready_ = false;
  QLabel* verdict_ = nullptr;
  QTextBrowser* body_ = nullptr;
};

}  // namespace pxescope::gui
