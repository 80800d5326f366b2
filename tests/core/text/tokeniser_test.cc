// The tokeniser on hostile bytes: it must always make progress, also on invalid UTF-8 that a
// caller failed to refuse (found by tests/fuzz/anonymiser_fuzz.cc: an overlong "8" looped).
#include "core/text/tokeniser.h"

#include <gtest/gtest.h>

#include <string>

#include "core/anonymise/anonymiser.h"

namespace kring {
namespace {

TEST(TokeniserTest, InvalidUtf8AlwaysMakesProgress) {
  for (const std::string& text : {std::string("\xC0\xB8"),
                                  std::string("a\xC0\xB8"
                                              "b"),
                                  std::string("\x80\x80\x80"), std::string("\xC1\x81\xC0\xAD"),
                                  std::string("\xF0\x9F"), std::string("12\xC0\xB0\xC0\xB0")}) {
    std::vector<Token> tokens;
    Tokenise(text, &tokens);
    ASSERT_LE(tokens.size(), text.size());
    size_t last = 0;
    for (const Token& t : tokens) {
      EXPECT_GT(t.end, t.begin);
      EXPECT_GE(t.begin, last);
      last = t.end;
    }
  }
}

TEST(TokeniserTest, WordsNumbersAndPunctuation) {
  std::vector<Token> tokens;
  Tokenise("Anne-Marie's 43 jaar, van 't Hof.", &tokens);
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[0].end, 12u);  // "Anne-Marie's"
  EXPECT_TRUE(tokens[0].capitalised);
  EXPECT_EQ(tokens[1].kind, TokenKind::kNumber);
  EXPECT_TRUE(tokens[1].space_before);
  EXPECT_EQ(tokens[3].kind, TokenKind::kPunct);
  EXPECT_EQ(tokens[5].kind, TokenKind::kWord);  // "'t"
  EXPECT_EQ(tokens[5].end - tokens[5].begin, 2u);
}

TEST(TokeniserTest, AnonymiserRefusesInvalidUtf8InTheCoachsLists) {
  auto anonymiser = Anonymiser::Load();
  ASSERT_TRUE(anonymiser.ok());
  AnonymiserOptions options;
  options.always_remove = {"Jan \xC0\xB8 Smit"};
  auto found = anonymiser->Find("Jan Smit belde.", options);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), Code::kUsage);
}

}  // namespace
}  // namespace kring
