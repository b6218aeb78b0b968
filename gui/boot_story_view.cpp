#include "gui/boot_story_view.hpp"

#include <QEvent>
#include <QLabel>
#include <QTextBrowser>
#include <QThreadPool>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <filesystem>
#include <utility>

#include "analyzer/capture_index.hpp"
#include "analyzer/clients/client_table.hpp"
#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "analyzer/story/story_admission.hpp"
#include "analyzer/story/timeline_runs.hpp"
#include "gui/background_pool.hpp"
#include "gui/palette_colors.hpp"
#include "gui/scan_pass.hpp"

namespace pxescope::gui {
namespace {

QString html(const std::string& text) {
  return QString::fromStdString(text).toHtmlEscaped();
}

}  // namespace

BootStoryView::BootStoryView(QWidget* parent) : QDockWidget(tr("Boot story"), parent) {
  setObjectName(QStringLiteral("bootStoryDock"));
  auto* body = new QWidget;
  auto* layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);
  verdict_ = new QLabel;
  verdict_->setObjectName(QStringLiteral("storyVerdict"));
  verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  verdict_->setWordWrap(true);
  body_ = new QTextBrowser;
  body_->setObjectName(QStringLiteral("storyBody"));
  body_->setOpenLinks(false);  // frame links select the packet instead
  layout->addWidget(verdict_);
  layout->addWidget(body_, 1);
  setWidget(body);
  connect(body_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
    bool ok = false;
    const std::uint64_t frame = url.path().toULongLong(&ok);
    if (url.scheme() == QLatin1String("frame") && ok) emit frameActivated(frame);
  });
  connect(&watcher_, &QFutureWatcherBase::finished, this, &BootStoryView::onTold);
  connect(&watcher_, &QFutureWatcherBase::progressValueChanged, this, &BootStoryView::onProgress);
  showMessage(tr("Open a capture and select a client."));
}

BootStoryView::~BootStoryView() {
  watcher_.cancel();
  watcher_.waitForFinished();  // the reader thread must not outlive the window
}

// Off the GUI thread: the same reading loop as `pxescope diagnose FILE`, reporting how far
// into the file it is (percent) and stopping early when cancelled (another file, Esc).
void BootStoryView::tell(QPromise<std::shared_ptr<Told>>& promise, const QString& path) {
  auto told = std::make_shared<Told>();
  CaptureScanner scanner;
  if (!scanner.open(path.toStdString())) {
    told->error = QString::fromStdString(scanner.error());
    promise.addResult(std::move(told));
    return;
  }
  std::error_code ec;
  const auto total = static_cast<std::int64_t>(std::filesystem::file_size(path.toStdString(), ec));
  promise.setProgressRange(0, 100);
  StoryBuilder builder;
  Frame frame;
  std::int64_t offset = 0;
  StoryAdmission admission(kMaxClients);
  for (std::uint64_t n = 1; scanner.next(frame, offset); ++n) {
    if (admission.admits(frame)) builder.add(frame);
    if (n % 4096 != 0) continue;
    if (promise.isCanceled()) return;
    if (total > 0) promise.setProgressValue(static_cast<int>(100 * offset / total));
  }
  if (!scanner.error().empty()) told->error = QString::fromStdString(scanner.error());
  told->capped = admission.turned_away();
  told->stories = builder.finish();
  if (promise.isCanceled()) return;
  index(*told);
  promise.addResult(std::move(told));
}

// One pass indexes every client, so looking one up costs no scan (a load test's capture
// holds thousands of them and the clients view asks for each).
void BootStoryView::index(Told& told) {
  ++told.scans;
  told.by_mac.reserve(static_cast<qsizetype>(told.stories.size()));
  for (std::size_t i = 0; i < told.stories.size(); ++i)
    told.by_mac.insert(QString::fromStdString(format_mac(told.stories[i].mac)).toLower(), i);
}

void BootStoryView::setStories(std::vector<ClientStory> stories, const QString& error) {
  auto told = std::make_shared<Told>();
  told->stories = std::move(stories);
  told->error = error;
  index(*told);
  told_ = std::move(told);
  ready_ = true;
  render();
  emit storiesReady();
}

void BootStoryView::showClientOfFrame(const ClientMembership* membership, std::uint64_t frame,
                                      const FieldTree& tree) {
  std::vector<ClientMembership::Mac> macs;
  if (membership)
    membership->clients_of(frame, tree, macs);
  else
    ClientMembership::carried_macs(tree, macs);
  QStringList among;
  for (const auto& mac : macs) among << QString::fromStdString(format_mac(mac));
  if (!ready_) {
    wanted_among_ = among;
    return;
  }
  for (const QString& mac : among)
    if (storyOf(mac)) return showClient(mac);
}

std::optional<Verdict> BootStoryView::verdictOf(const QString& mac) const {
  if (!ready_) return std::nullopt;
  const ClientStory* s = storyOf(mac);
  if (!s) return std::nullopt;
  return s->verdict;
}

void BootStoryView::setCapture(const QString& path) {
  cancel();
  ready_ = false;
  releaseStories();
  wanted_mac_.clear();
  wanted_among_.clear();
  path_ = path;
  showMessage(tr("Telling the boot stories of %1…").arg(path.toHtmlEscaped()));
  watcher_.setFuture(QtConcurrent::run(backgroundPool(), &BootStoryView::tell, path));
}

bool BootStoryView::isTelling() const {
  return watcher_.isRunning() && !watcher_.isCanceled();  // a stopped pass only winds down
}

void BootStoryView::cancel() {
  if (!watcher_.isRunning()) return;
  watcher_.cancel();  // the pass sees it within a few thousand frames and ends
  showMessage(tr("Boot stories of %1 not told: stopped (Esc). Open the file again to tell "
                 "them.")
                  .arg(path_.toHtmlEscaped()));
}

void BootStoryView::onProgress(int percent) {
  if (ready_ || !watcher_.isRunning() || watcher_.isCanceled()) return;
  showMessage(tr("Telling the boot stories of %1… %2% (Esc stops)")
                  .arg(path_.toHtmlEscaped())
                  .arg(percent));
  emit tellingProgress(percent);
}

void BootStoryView::releaseStories() {
  // A million stories take a while to free: not on the GUI thread.
  if (told_ && told_->stories.size() > 10000)
    backgroundPool()->start([old = std::move(told_)]() mutable { old.reset(); });
  told_.reset();
}

void BootStoryView::clearCapture(const QString& why) {
  cancel();
  ready_ = false;
  releaseStories();
  wanted_mac_.clear();
  wanted_among_.clear();
  showMessage(why.toHtmlEscaped());
}

void BootStoryView::onTold() {
  if (watcher_.isCanceled() || watcher_.future().resultCount() == 0) return;
  told_ = watcher_.result();
  ready_ = true;
  // A frame selected while they were told: its client, if it has a story.
  for (const QString& mac : std::exchange(wanted_among_, {}))
    if (storyOf(mac)) {
      wanted_mac_ = mac.toLower();
      break;
    }
  render();
  emit storiesReady();
}

void BootStoryView::waitForStories() {
  if (ready_ || watcher_.isCanceled()) return;
  watcher_.waitForFinished();
  if (!ready_ && watcher_.isFinished()) onTold();
}

QString BootStoryView::firmwareOf(const QString& mac) const {
  if (!ready_) return {};
  const ClientStory* s = storyOf(mac);
  if (!s) return {};
  return QStringLiteral("%1 (%2%)")
      .arg(QString::fromStdString(s->firmware.name))
      .arg(qRound(s->firmware.confidence * 100));
}

QString BootStoryView::addressOf(const QString& mac) const {
  if (!ready_) return {};
  const ClientStory* s = storyOf(mac);
  return s && s->ip ? QString::fromStdString(format_ipv4(s->ip)) : QString();
}

const ClientStory* BootStoryView::storyOf(const QString& mac) const {
  if (!told_) return nullptr;
  const auto it = told_->by_mac.constFind(mac.toLower());
  return it == told_->by_mac.cend() ? nullptr : &told_->stories[*it];
}

void BootStoryView::showClient(const QString& mac) {
  wanted_mac_ = mac.toLower();
  wanted_among_.clear();
  if (ready_) render();
}

void BootStoryView::showMessage(const QString& text) {
  verdict_->clear();
  verdict_->setStyleSheet({});
  verdict_->hide();
  body_->setHtml(QStringLiteral("<p>%1</p>").arg(text));
}

void BootStoryView::render() {
  if (!told_) return;
  const ClientStory* story = storyOf(wanted_mac_);
  if (!story) {
    QString text =
        wanted_mac_.isEmpty() ? tr("Select a client (or one of its packets).")
        : told_->capped
            ? tr("No boot story for %1: the stories cover the first %2 machines of this capture "
                 "(as the Clients view lists them).")
                  .arg(wanted_mac_)
                  .arg(kMaxClients)
            : tr("No boot story for %1: no DHCP, TFTP or ICMP from this machine.").arg(wanted_mac_);
    if (!told_->error.isEmpty()) text += QStringLiteral("<br>") + told_->error.toHtmlEscaped();
    showMessage(text);
    return;
  }
  const bool booted = story->verdict == Verdict::Booted;
  const auto code = verdict_code(story->verdict);
  verdict_->setText(tr("Verdict: %1").arg(QString::fromUtf8(code.data(), code.size())));
  verdict_->setStyleSheet(bannerStyle(booted, palette()));
  verdict_->show();

  QString h;
  h += QStringLiteral("<p><b>%1</b>").arg(html(format_mac(story->mac)));
  if (story->arch >= 0)
    h += QStringLiteral(" &nbsp; %1 (%2)")
             .arg(html(std::string(dhcp::arch_name(static_cast<std::uint16_t>(story->arch)))))
             .arg(story->arch);
  if (!story->uuid.empty()) h += QStringLiteral("<br>UUID %1").arg(html(story->uuid));
  h += QStringLiteral("</p><p><b>%1</b> %2</p>").arg(tr("Reason:"), html(story->reason));
  if (!story->fix.empty())
    h += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Fix:"), html(story->fix));
  h += QStringLiteral("<p><b>%1</b> %2 (%3%)")
           .arg(tr("Firmware:"), html(story->firmware.name))
           .arg(static_cast<int>(story->firmware.confidence * 100 + 0.5));
  if (!story->firmware.evidence.empty())
    h += QStringLiteral("<br><i>%1</i>").arg(html(story->firmware.evidence));
  h +=
      QStringLiteral("</p><p><b>%1</b></p><table cellspacing=0 cellpadding=2>").arg(tr("Timeline"));
  // Links and warnings in colours that read on this palette, light or dark.
  const QString link = linkColor(body_->palette()).name();
  const QString warning = warningTextColor(body_->palette()).name();
  // Retries collapse as in `diagnose`: each event (or cycle of events) once, with "×N".
  const std::vector<TimelineEvent>& events = story->timeline;
  // The frame link above its time, in a column as wide as a time: the events' text keeps the
  // width of a narrow dock.
  // As wide as the story's longest time (its last), plus the cell's padding: a narrower cell
  // wrapped the "s" of "16.079 s" onto a line of its own.
  const double last_time = events.empty() ? 0.0 : events.back().time;
  const int time_width =
      body_->fontMetrics().horizontalAdvance(QStringLiteral("%1 s").arg(last_time, 0, 'f', 3)) + 8;
  const std::vector<TimelineRun> runs = collapse_timeline(events);
  // One table row per shown event; a story of thousands of distinct events (a firmware
  // retrying with a new xid each time) is shown by its head and its tail, so the pane's
  // layout stays a few tens of milliseconds on the GUI thread (issue 13 §5).
  std::vector<std::pair<std::size_t, std::size_t>> rows;  // (run, event of its cycle)
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (std::size_t k = 0; k < runs[r].period; ++k) rows.emplace_back(r, k);
  const std::size_t hidden = rows.size() > kMaxStoryRows ? rows.size() - kMaxStoryRows : 0;
  const std::size_t head = kMaxStoryRows / 2;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (hidden && i == head) {
      const TimelineEvent& from = events[runs[rows[i].first].first + rows[i].second];
      const std::size_t last = i + hidden - 1;
      const TimelineEvent& to = events[runs[rows[last].first].first + rows[last].second];
      h += QStringLiteral("<tr><td></td><td valign=top><i>%1</i></td></tr>")
               .arg(tr("… %1 more timeline entries (#%2 to #%3) not shown here: "
                       "<code>pxescope diagnose</code> tells them all.")
                        .arg(hidden)
                        .arg(from.frame)
                        .arg(to.frame));
      i = last;
      continue;
    }
    const TimelineRun& run = runs[rows[i].first];
    const std::size_t k = rows[i].second;
    const TimelineEvent& e = events[run.first + k];
    h += QStringLiteral(
             "<tr><td valign=top align=right width=%5><a href=\"frame:%1\" style=\"color:%4\">"
             "#%1</a><br>%2&nbsp;s</td><td valign=top>%3")
             .arg(e.frame)
             .arg(e.time, 0, 'f', 3)
             .arg(html(e.text), link)
             .arg(time_width);
    if (run.repeats > 1)
      h += k == 0 ? tr(" <b>×%1</b> (to %2 s)")
                        .arg(run.repeats)
                        .arg(events[run.end() - 1].time, 0, 'f', 1)
                  : tr(" <b>×%1</b>").arg(run.repeats);
    for (const std::string& w : e.warnings)
      h += QStringLiteral("<br><span style=\"color:%2\">⚠ %1</span>").arg(html(w), warning);
    h += QStringLiteral("</td></tr>");
  }
  h += QStringLiteral("</table>");
  body_->setHtml(h);
}

void BootStoryView::changeEvent(QEvent* event) {
  QDockWidget::changeEvent(event);
  // A theme switch (light <-> dark) redraws the story in the new palette's colours.
  if (event->type() == QEvent::PaletteChange && ready_) render();
}

QString BootStoryView::verdictText() const {
  return verdict_->isHidden() ? QString() : verdict_->text();
}

QString BootStoryView::storyText() const {
  return body_->toPlainText();
}

}  // namespace pxescope::gui
