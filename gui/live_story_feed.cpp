#include "gui/live_story_feed.hpp"

#include <QDateTime>

#include "analyzer/story/boot_story.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {

LiveStoryFeed::LiveStoryFeed(PacketListModel* packets, BootStoryView* stories, QObject* parent)
    : QObject(parent), packets_(packets), stories_(stories) {
  tell_timer_.setSingleShot(true);
  tell_timer_.setInterval(500);  // a telling copies the state: not on every batch
  connect(&tell_timer_, &QTimer::timeout, this, &LiveStoryFeed::tellNow);
  // Every batch of live frames ends with clientsChanged.
  connect(packets_, &PacketListModel::clientsChanged, this, &LiveStoryFeed::feed);
}

LiveStoryFeed::~LiveStoryFeed() = default;

void LiveStoryFeed::start() {
  builder_ = std::make_unique<StoryBuilder>();
  fed_ = 0;
  stopped_ = false;
  stories_->setStories({});
}

void LiveStoryFeed::stop() {
  if (!active()) return;
  feed();
  tellNow();
  stopped_ = true;
}

void LiveStoryFeed::feed() {
  if (!active() || !packets_->hasLiveFrames()) return;
  Frame frame;
  while (fed_ < packets_->frameCount() && packets_->frameAt(fed_ + 1, frame)) {
    builder_->add(frame);
    ++fed_;
  }
  if (!tell_timer_.isActive()) tell_timer_.start();
}

void LiveStoryFeed::tellNow() {
  tell_timer_.stop();
  if (!builder_) return;
  // The silence since the last frame counts (a client that stopped asking is told so).
  if (!stopped_) builder_->note_time(QDateTime::currentMSecsSinceEpoch() / 1000.0);
  stories_->setStories(builder_->snapshot());
}

}  // namespace pxescope::gui
