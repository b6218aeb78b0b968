// The display filter's lexer: text -> tokens, each with its 1-based column for errors.
// Wireshark's lexical rules, the part pxescope needs: an unquoted run of word characters is
// one token (a field name, a keyword such as "and", or a literal such as 52:54:00,
// 192.168.1.0/24, 0x1f, 1..10); quoted strings take C escapes; "[...]" after a field is a
// slice, kept raw for the parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pxescope::filter::detail {

enum class TokenKind : std::uint8_t {
  Word,    // field name, keyword or unquoted literal
  String,  // "..." (escapes decoded) or r"..." (raw)
  Symbol,  // == != === !== < <= > >= ~ && || ! ^^
  LParen,
  RParen,
  LBrace,
  RBrace,
  Comma,
  Slice,  // [...]: text holds what is between the brackets
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
  std::uint32_t column = 0;  // 1-based
};

// Splits `text` into tokens ending with one End token. On a lexical error (unterminated
// string, bad escape, stray character) returns false and sets `error` ("column N: ...").
bool tokenize(std::string_view text, std::vector<Token>& tokens, std::string& error);

}  // namespace pxescope::filter::detail
