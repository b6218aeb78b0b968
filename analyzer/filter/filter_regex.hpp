// `matches` / `~`: Perl-compatible regular expressions through PCRE2, as Wireshark uses;
// case-sensitive unless the pattern says (?i). Compiled once when the filter is parsed
// (JIT when available); matching shares the compiled code and uses a per-thread match
// block, so copies of a filter may run on several threads and a warm match never allocates.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace pxescope::filter::detail {

class Regex {
 public:
  // nullptr with `error` set ("missing closing parenthesis at offset 3") on a bad pattern.
  static std::shared_ptr<const Regex> compile(std::string_view pattern, std::string& error);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // True when the pattern matches anywhere in `subject` (bytes, not necessarily UTF-8).
  bool search(std::string_view subject) const;

 private:
  explicit Regex(void* code) : code_(code) {}
  void* code_;  // pcre2_code_8*
};

}  // namespace pxescope::filter::detail
