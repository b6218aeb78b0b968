// Boot stories of a live capture, told as the clients boot: every captured frame goes into a
// StoryBuilder as it arrives, and at most twice a second the stories so far (with the silence
// up to now counted, as `diagnose` would count it at the end of a capture) replace the story
// pane's, so its verdict and the Clients table's Verdict column follow the boot.
#pragma once

#include <QObject>
#include <QTimer>
#include <cstdint>
#include <memory>

namespace pxescope {
class StoryBuilder;
}

namespace pxescope::gui {

class BootStoryView;
class PacketListModel;

class LiveStoryFeed : public QObject {
  Q_OBJECT

 public:
  LiveStoryFeed(PacketListModel* packets, BootStoryView* stories, QObject* parent = nullptr);
  ~LiveStoryFeed() override;

  // A live capture started: stories from its first frame.
  void start();
  // It stopped: the last frames are told, then the stories stay as they are.
  void stop();
  bool active() const { return builder_ != nullptr && !stopped_; }
  // Tells the stories now (tests; the timer does it otherwise).
  void tellNow();
  std::uint64_t framesTold() const { return fed_; }

 private:
  void feed();

  PacketListModel* packets_;
  BootStoryView* stories_;
  std::unique_ptr<StoryBuilder> builder_;
  std::uint64_t fed_ = 0;
  bool stopped_ = false;
  QTimer tell_timer_;
};

}  // namespace pxescope::gui
