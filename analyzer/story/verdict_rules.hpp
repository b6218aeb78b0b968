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
// and initrd, HTTP failures. True when that decided the verdict; false leaves today's rule
// (the boot program asked for something next: booted).
bool judge_next_stage(ClientStory& s, const TftpTransferStory& nbp, double capture_end);

// "then the boot program asked for X" / "" when nothing followed it over TFTP or HTTP.
std::string next_request_after(const ClientStory& s, const TftpTransferStory& nbp);

}  // namespace pxescope::verdict_rules
