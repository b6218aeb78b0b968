// Where the full-DHCP lease file lives and how it is opened: before privileges are dropped,
// the descriptor kept for the lease journal, so the serving user never needs write access
// to a directory. Only pxescope's own default directory is ever created (and handed to
// the serving user); an existing directory, the current one or / is never touched.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "responder/lease_journal.hpp"
#include "responder/lease_table.hpp"
#include "responder/privileges.hpp"

namespace pxescope::responder {

inline constexpr const char* kDefaultLeaseDirectory = "/var/lib/pxescope";

// The absolute lease file path: `configured` resolved against the current directory, or
// kDefaultLeaseDirectory/leases.IFACE when empty (leases alone when `iface` is empty: the
// file several interfaces share).
std::string lease_file_path(const std::string& configured, const std::string& iface);

// Opens (creating) the lease file read/write; -1 with one line in `error`.
int open_lease_file(const std::string& path, const ServingIdentity& who, std::string& error);

// Opens `path`, replays it into `leases` (corrupt lines are printed as FILE:LINE warnings)
// and starts the journal that persists later changes. Call before dropping privileges.
std::unique_ptr<LeaseJournal> start_lease_journal(const std::string& path,
                                                  const ServingIdentity& who, LeaseTable& leases,
                                                  std::int64_t now, std::string& error);
// The same for several interfaces' tables in one file, keyed by address (their ranges never
// overlap): each table restores the addresses of its own range.
std::unique_ptr<LeaseJournal> start_lease_journal(const std::string& path,
                                                  const ServingIdentity& who,
                                                  std::span<LeaseTable* const> tables,
                                                  std::int64_t now, std::string& error);

}  // namespace pxescope::responder
