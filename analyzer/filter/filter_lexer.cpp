#include "analyzer/filter/filter_lexer.hpp"

namespace pxescope::filter::detail {
namespace {

// Characters of an unquoted token: field names (dhcp.option.type), MACs (52:54:00 52-54-00
// 5254.0012.3456), addresses with a prefix (10.0.0.0/8), numbers (-1, 0x1f) and ranges (1..9).
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == ':' || c == '-' || c == '/' || c == '+';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string at(std::size_t pos, std::string_view message) {
  std::string out = "column ";
  out += std::to_string(pos + 1);
  out += ": ";
  out += message;
  return out;
}

// Symbols, longest first so "===" is not read as "==" then "=".
constexpr std::string_view kSymbols[] = {"===", "!==", "==", "!=", "<=", ">=", "&&",
                                         "||",  "^^",  "<",  ">",  "~",  "!"};

// Reads a quoted string starting at s[pos] == '"'; decodes \\ \" \n \t \r \a \b \f \v
// \xHH and \ooo unless `raw`. Returns the position after the closing quote, or npos.
std::size_t read_string(std::string_view s, std::size_t pos, bool raw, std::string& out,
                        std::string& error) {
  ++pos;  // the opening quote
  while (pos < s.size()) {
    const char c = s[pos++];
    if (c == '"') return pos;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (pos == s.size()) break;
    const char e = s[pos++];
    if (raw) {  // r"\d": the backslash stays, \" does not end the string
      out.push_back('\\');
      out.push_back(e);
      continue;
    }
    switch (e) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case 'x': {
        int v = 0, digits = 0;
        while (digits < 2 && pos < s.size() && hex_digit(s[pos]) >= 0)
          v = v * 16 + hex_digit(s[pos++]), ++digits;
        if (digits == 0) {
          error = at(pos - 2, "'\\x' needs hex digits (e.g. \\x41)");
          return std::string_view::npos;
        }
        out.push_back(static_cast<char>(v));
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0', digits = 1;
          while (digits < 3 && pos < s.size() && s[pos] >= '0' && s[pos] <= '7')
            v = v * 8 + (s[pos++] - '0'), ++digits;
          out.push_back(static_cast<char>(v & 0xff));
        } else {
          out.push_back(e);  // \\ \" and any other character stand for themselves
        }
    }
  }
  error = at(s.size(), "unterminated string: add the closing '\"'");
  return std::string_view::npos;
}

}  // namespace

bool tokenize(std::string_view s, std::vector<Token>& tokens, std::string& error) {
  tokens.clear();
  std::size_t pos = 0;
  auto push = [&](TokenKind kind, std::string text, std::size_t column) {
    tokens.push_back({kind, std::move(text), static_cast<std::uint32_t>(column + 1)});
  };
  while (true) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
      ++pos;
    if (pos == s.size()) break;
    const std::size_t start = pos;
    const char c = s[pos];
    const bool raw = c == 'r' && pos + 1 < s.size() && s[pos + 1] == '"';
    if (c == '"' || raw) {
      std::string value;
      pos = read_string(s, raw ? pos + 1 : pos, raw, value, error);
      if (pos == std::string_view::npos) return false;
      push(TokenKind::String, std::move(value), start);
      continue;
    }
    if (is_word_char(c)) {
      while (pos < s.size() && is_word_char(s[pos])) ++pos;
      push(TokenKind::Word, std::string(s.substr(start, pos - start)), start);
      continue;
    }
    if (c == '[') {
      const std::size_t close = s.find(']', pos);
      if (close == std::string_view::npos) {
        error = at(pos, "missing ']' after the slice");
        return false;
      }
      push(TokenKind::Slice, std::string(s.substr(pos + 1, close - pos - 1)), start);
      pos = close + 1;
      continue;
    }
    struct Single {
      char c;
      TokenKind kind;
    };
    static constexpr Single kSingles[] = {{'(', TokenKind::LParen},
                                          {')', TokenKind::RParen},
                                          {'{', TokenKind::LBrace},
                                          {'}', TokenKind::RBrace},
                                          {',', TokenKind::Comma}};
    bool matched = false;
    for (const Single& one : kSingles) {
      if (one.c != c) continue;
      push(one.kind, std::string(1, c), start);
      ++pos;
      matched = true;
      break;
    }
    if (matched) continue;
    for (std::string_view sym : kSymbols) {
      if (s.substr(pos, sym.size()) != sym) continue;
      push(TokenKind::Symbol, std::string(sym), start);
      pos += sym.size();
      matched = true;
      break;
    }
    if (matched) continue;
    if (c == '=') {
      error = at(pos, "'=' is not an operator: use '=='");
      return false;
    }
    if (c == '&' || c == '|' || c == '^') {
      error = at(pos, std::string("'") + c + "' alone is not an operator: use '" + c + c + "'");
      return false;
    }
    error = at(pos, std::string("unexpected character '") + c + "'");
    return false;
  }
  push(TokenKind::End, {}, s.size());
  return true;
}

}  // namespace pxescope::filter::detail
