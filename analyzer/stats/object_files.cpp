#include "analyzer/stats/object_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "analyzer/stats/capture_pass.hpp"
#include "analyzer/stats/object_extractor.hpp"
#include "analyzer/stats/sha256.hpp"

namespace pxescope {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxNameBytes = 200;

bool safe_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '+' || c == '-';
}

// The path of a wire name: a URL's scheme and host and its query/fragment go.
std::string_view wire_path(std::string_view name) {
  if (const auto scheme = name.find("://"); scheme != std::string_view::npos) {
    name.remove_prefix(scheme + 3);
    const auto slash = name.find('/');
    name = slash == std::string_view::npos ? std::string_view() : name.substr(slash);
  }
  if (const auto q = name.find_first_of("?#"); q != std::string_view::npos)
    name = name.substr(0, q);
  return name;
}

// Writes each wanted object's bytes to its own new file as the pass reassembles them.
class FileWriter : public ObjectListener {
 public:
  FileWriter(const std::set<std::size_t>& ids, std::string directory,
             std::vector<SavedObject>& saved)
      : ids_(ids), directory_(std::move(directory)), saved_(saved) {}
  ~FileWriter() override {
    for (auto& [id, open] : open_) ::close(open.fd);
  }

  void begin(const ExportedObject& o) override {
    if (!ids_.empty() && !ids_.count(o.id)) return;
    SavedObject s;
    s.id = o.id;
    const std::string fallback =
        std::string(o.protocol == ObjectProtocol::Tftp ? "tftp-object-" : "http-object-") +
        std::to_string(o.id);
    const std::string name = safe_object_file_name(o.name, fallback);
    const auto dot = name.rfind('.');
    const std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
    const std::string ext = stem.size() == name.size() ? std::string() : name.substr(dot);
    // O_EXCL|O_NOFOLLOW: never overwrite, never write through a link planted in the directory.
    for (int n = 0; n < 1000; ++n) {
      const std::string candidate =
          (fs::path(directory_) / (n == 0 ? name : stem + "-" + std::to_string(n) + ext)).string();
      const int fd =
          ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd >= 0) {
        s.path = candidate;
        open_[o.id] = {fd, saved_.size()};
        break;
      }
      if (errno != EEXIST) {
        s.error = candidate + ": " + std::strerror(errno);
        break;
      }
    }
    if (s.path.empty() && s.error.empty()) s.error = name + ": 1000 files of that name already";
    saved_.push_back(std::move(s));
  }

  void bytes(const ExportedObject& o, std::span<const std::uint8_t> b, double) override {
    const auto it = open_.find(o.id);
    if (it == open_.end()) return;
    for (std::size_t done = 0; done < b.size();) {
      const ssize_t n = ::write(it->second.fd, b.data() + done, b.size() - done);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        saved_[it->second.row].error = saved_[it->second.row].path + ": " + std::strerror(errno);
        ::close(it->second.fd);
        open_.erase(it);
        return;
      }
      done += static_cast<std::size_t>(n);
    }
  }

  void end(const ExportedObject& o) override {
    const auto it = open_.find(o.id);
    if (it == open_.end()) return;
    if (::close(it->second.fd) != 0)
      saved_[it->second.row].error = saved_[it->second.row].path + ": " + std::strerror(errno);
    open_.erase(it);
  }

 private:
  struct Open {
    int fd = -1;
    std::size_t row = 0;
  };
  const std::set<std::size_t>& ids_;
  std::string directory_;
  std::vector<SavedObject>& saved_;
  std::unordered_map<std::size_t, Open> open_;
};

bool run_pass(const std::string& capture, ObjectListener* listener,
              std::vector<ExportedObject>& objects, std::string& error,
              const std::atomic<bool>* cancel = nullptr) {
  ObjectExtractor extractor(listener);
  const bool ok = read_dissected_frames(
      capture, [&](const Frame& f, const FieldTree& t) { extractor.add(f, t); }, error, cancel);
  objects = extractor.finish();
  return ok;
}

}  // namespace

std::string safe_object_file_name(std::string_view wire_name, std::string_view fallback) {
  std::string_view path = wire_path(wire_name);
  // The last component, whichever separator the name used.
  if (const auto slash = path.find_last_of("/\\"); slash != std::string_view::npos)
    path.remove_prefix(slash + 1);
  std::string out;
  for (const char c : path) {
    if (out.size() >= kMaxNameBytes) break;
    out += safe_byte(static_cast<unsigned char>(c)) ? c : '_';
  }
  // No ".", "..", ".hidden": a name never starts with a dot.
  out.erase(0, out.find_first_not_of('.'));
  if (out.find_first_not_of("_") == std::string::npos) out.clear();
  return out.empty() ? std::string(fallback) : out;
}

bool list_objects(const std::string& capture, std::vector<ExportedObject>& objects,
                  std::string& error, const std::atomic<bool>* cancel) {
  return run_pass(capture, nullptr, objects, error, cancel);
}

bool save_objects(const std::string& capture, const std::set<std::size_t>& ids,
                  const std::string& directory, std::vector<SavedObject>& saved,
                  std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    error = directory + ": not a directory; choose an existing folder to save the objects in";
    return false;
  }
  FileWriter writer(ids, directory, saved);
  std::vector<ExportedObject> objects;
  return run_pass(capture, &writer, objects, error);
}

std::string_view root_match_name(RootMatch m) {
  switch (m) {
    case RootMatch::Same:
      return "same";
    case RootMatch::Different:
      return "different";
    case RootMatch::Missing:
      return "missing";
    case RootMatch::Partial:
      return "partial";
    case RootMatch::Outside:
      return "outside the root";
  }
  return "?";
}

std::string path_under_root(const std::string& root, std::string_view wire_name) {
  fs::path relative;
  std::string_view path = wire_path(wire_name);
  while (!path.empty()) {
    const auto sep = path.find_first_of("/\\");
    const std::string_view part = path.substr(0, sep);
    path = sep == std::string_view::npos ? std::string_view() : path.substr(sep + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") return {};  // a name that climbs: never resolved, even if it comes back
    relative /= std::string(part);
  }
  if (relative.empty()) return {};
  return (fs::path(root) / relative).string();
}

RootMatch compare_with_root(const ExportedObject& object, const std::string& root) {
  const std::string path = path_under_root(root, object.name);
  if (path.empty()) return RootMatch::Outside;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return RootMatch::Missing;
  if (object.complete)
    return sha256_of_file(path) == object.sha256 ? RootMatch::Same : RootMatch::Different;
  const auto size = fs::file_size(path, ec);
  if (ec || size < object.size) return RootMatch::Different;
  return sha256_of_file(path, object.size) == object.sha256 ? RootMatch::Partial
                                                            : RootMatch::Different;
}

}  // namespace pxescope
