#include "responder/config_syntax.hpp"

#include <algorithm>
#include <cctype>

namespace pxescope::responder {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The escapes dnsmasq knows inside quotes; any other backslash stays as it is.
char unescape(char c) {
  struct Escape {
    char letter, value;
  };
  static constexpr Escape kEscapes[] = {{'"', '"'},  {'\\', '\\'},  {'t', '\t'}, {'n', '\n'},
                                        {'r', '\r'}, {'e', '\x1b'}, {'b', '\b'}};
  for (const Escape& e : kEscapes)
    if (e.letter == c) return e.value;
  return 0;
}

}  // namespace

bool split_config_line(std::string_view line, ConfigLine& out, std::string& error) {
  out.key.clear();
  out.value.clear();
  out.fields.clear();
  // One pass: the text without its comment (for `value`) and the fields (quotes removed).
  std::string text, field;
  bool quoted = false, word_start = true, seen_eq = false;
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      text += c;
      if (c == '"') {
        quoted = false;
      } else if (c == '\\' && i + 1 < line.size() && unescape(line[i + 1])) {
        text += line[++i];
        field += unescape(line[i]);
      } else {
        field += c;
      }
      continue;
    }
    if (c == '#' && word_start) break;  // dnsmasq: '#' after white space starts a comment
    word_start = is_space(c);
    if (c == '"') {
      quoted = true;
      text += c;
      continue;
    }
    text += c;
    if (c == '=' && !seen_eq) {
      seen_eq = true;
      out.key = std::string(trim(field));
      field.clear();  // "key=#x" keeps "#x": only white space starts a comment word
    } else if (c == ',' && seen_eq) {
      fields.emplace_back(trim(field));
      field.clear();
    } else {
      field += c;
    }
  }
  if (quoted) {
    error = "missing closing double quote";
    return false;
  }
  if (!seen_eq) {
    out.key = std::string(trim(field));
    return true;
  }
  if (out.key.empty()) {
    error = "no option name before '='";
    return false;
  }
  fields.emplace_back(trim(field));
  const std::size_t eq = text.find('=');
  out.value = std::string(trim(std::string_view(text).substr(eq + 1)));
  out.fields = std::move(fields);
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view closest_name(std::string_view word, std::span<const std::string_view> known) {
  std::string lower(word);  // "Enable-TFTP" is a typo of "enable-tftp"
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view best;
  std::size_t best_distance = 0;
  for (std::string_view name : known) {
    const std::size_t d = edit_distance(lower, name);
    if (best.empty() || d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  // A typo is a few letters off; a different word is not a suggestion.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return best_distance <= limit ? best : std::string_view{};
}

}  // namespace pxescope::responder
