// Splits text into words, numbers and punctuation in one pass, recording what the name rules
// need: capitalisation, and whether spaces or a line break separate a token from the previous.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kring {

enum class TokenKind : uint8_t { kWord, kNumber, kPunct };

struct Token {
  size_t begin = 0;
  size_t end = 0;
  TokenKind kind = TokenKind::kPunct;
  bool capitalised = false;   // first letter is upper case
  bool all_upper = false;     // every letter is upper case (acronyms)
  bool space_before = false;  // spaces/tabs (no line break) separate it from the previous token
  bool newline_before = false;
  bool sentence_start = false;  // filled in by the anonymiser, which knows abbreviations
  uint32_t flags = 0;           // lexicon flags, filled in by the anonymiser
};

// Appends the tokens of text to *out (offsets relative to text). Text must be valid UTF-8.
// Words keep inner hyphens and apostrophes ("Anne-Marie", "O'Brien") and a leading "'t"/"'s".
void Tokenise(std::string_view text, std::vector<Token>* out);

}  // namespace kring
