// Shared by the verdict's steps (verdict.cpp: DHCP and the boot program's download;
// verdict_next_stage.cpp: what the boot program did next over TFTP and HTTP).
#pragma once

#include <string>
#include <string_view>

#include "analyzer/story/boot_story.hpp"

namespace pxescope::verdict_rules {

// Seconds of silence after which a missing answer counts as "never came" rather than as
// "the capture stopped too early". PXE firmware retries DISCOVER after 4 s and TFTP after
// 1-4 s, so 4 s covers one retry of each.
inline constexpr double kPatience = 4.0;

inline std::string strip_slash(std::string_view f) {
  while (!f.empty() && f.front() == '/') f.remove_prefix(1);
  return std::string(f);
}

void set_verdict(ClientStory& s, Verdict v, std::string reason, std::string fix);

// After the boot program `nbp` arrived: the server its next files were asked from, the kernel
// and initrd, HTTP failures; else booted when the boot program asked for anything next (a file,
// a URL, its own DHCP). False when nothing followed it.
bool judge_after_boot_file(ClientStory& s, const TftpTransferStory& nbp, double capture_end);

// UEFI HTTP boot: the offered boot file is a URL the client fetched over HTTP. True when that
// decided the verdict (the fetch failed, or it arrived and the next stage decided).
bool judge_http_boot_file(ClientStory& s, const std::string& boot_file, double capture_end);

}  // namespace pxescope::verdict_rules
