// Export Objects on disk. A capture is untrusted input: the names it carries ("../../etc/x",
// "/boot/x", "a\\b", control bytes) are made into one plain file name inside the chosen
// directory, never a path, never "." or "..", never an existing file (no overwrite, no
// symlink followed). And the other way: what crossed the wire compared with a TFTP root.
#pragma once

#include <atomic>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/stats/exported_object.hpp"

namespace pxescope {

// One safe file name for an object's wire name: its last path component ("pxelinux.cfg/
// default" -> "default", "/x.efi?y=1" -> "x.efi"), every byte outside [A-Za-z0-9._+-]
// replaced by '_', leading dots dropped, at most 200 bytes; `fallback` when nothing is left.
std::string safe_object_file_name(std::string_view wire_name, std::string_view fallback);

struct SavedObject {
  std::size_t id = 0;
  std::string path;   // where it was written ("" when it was not)
  std::string error;  // why not
};

// Reads the capture again and writes the objects whose id is in `ids` (all when empty) into
// `directory` (which must exist), each under safe_object_file_name (with "-1", "-2" before the
// extension when taken). One object's bytes at a time go to disk as they are reassembled.
// False with `error` when the capture cannot be read or the directory is not one.
bool save_objects(const std::string& capture, const std::set<std::size_t>& ids,
                  const std::string& directory, std::vector<SavedObject>& saved,
                  std::string& error);

// Every object of the capture (one pass, nothing written); stops when `cancel` turns true.
bool list_objects(const std::string& capture, std::vector<ExportedObject>& objects,
                  std::string& error, const std::atomic<bool>* cancel = nullptr);

enum class RootMatch : std::uint8_t { Same, Different, Missing, Partial, Outside };
std::string_view root_match_name(RootMatch m);  // "same", "different", "missing", ...

// Where the object's wire name lies under `root` ("/boot/x.efi", "boot/x.efi" and
// "http://host/boot/x.efi?q" all -> root/boot/x.efi); "" when the name climbs out of it ("..").
std::string path_under_root(const std::string& root, std::string_view wire_name);

// The object compared with the file the server should have sent: Same/Different by sha256
// when the object is complete, Partial when it is not but its bytes are a prefix of the file
// (length only: the hash of a prefix is not kept), Missing when there is no such file,
// Outside when the name climbs out of the root.
RootMatch compare_with_root(const ExportedObject& object, const std::string& root);

}  // namespace pxescope
