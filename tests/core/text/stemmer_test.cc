#include "core/text/stemmer.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace kring {
namespace {

TEST(StemmerTest, OneStemCoversAWordFamily) {
  EXPECT_EQ(Stem(Language::kEnglish, "feelings"), Stem(Language::kEnglish, "feeling"));
  EXPECT_EQ(Stem(Language::kEnglish, "feelings"), "feel");
  EXPECT_EQ(Stem(Language::kEnglish, "colleagues"), Stem(Language::kEnglish, "colleague"));
  EXPECT_EQ(Stem(Language::kDutch, "vergaderingen"), Stem(Language::kDutch, "vergadering"));
  EXPECT_EQ(Stem(Language::kDutch, "leidinggevenden"), Stem(Language::kDutch, "leidinggevende"));
  EXPECT_EQ(Stem(Language::kDutch, "teams"), "team");
  EXPECT_EQ(Stem(Language::kDutch, "collega's").empty(), false);
  // Each language has its own rules: the Dutch stemmer does not strip English endings.
  EXPECT_NE(Stem(Language::kDutch, "feelings"), "feel");
}

TEST(StemmerTest, OddInputComesBackUnharmed) {
  EXPECT_EQ(Stem(Language::kEnglish, ""), "");
  const std::string long_word(65, 'a');
  EXPECT_EQ(Stem(Language::kEnglish, long_word), long_word);
  // Invalid UTF-8 and bytes the stemmer does not expect: no crash, some string back.
  for (const std::string& odd : {std::string("\xff\xfe"), std::string("ab\xc3"),
                                 std::string("\0x", 2), std::string("caf\xc3\xa9s")}) {
    EXPECT_LE(Stem(Language::kDutch, odd).size(), odd.size() + 4);
    EXPECT_LE(Stem(Language::kEnglish, odd).size(), odd.size() + 4);
  }
}

TEST(StemmerTest, ThreadsEachGetTheSameAnswers) {
  const std::vector<std::string> words = {"organisations", "leidinggevenden", "managers",
                                          "afspraken",     "deadlines",       "vergaderingen"};
  std::vector<std::string> expected;
  for (const std::string& w : words) expected.push_back(Stem(Language::kDutch, w));
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2000; ++round) {
        for (size_t i = 0; i < words.size(); ++i) {
          if (Stem(Language::kDutch, words[i]) != expected[i]) ++wrong[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

}  // namespace
}  // namespace kring
