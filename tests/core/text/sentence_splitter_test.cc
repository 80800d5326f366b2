// Line breaks in the sentence splitter: hard-wrapped running text, paragraphs,
// bullet lists, headings and CRLF, in Dutch and English; and that the spans
// (and so the focus cues, which are highlighted by offset) still point into the
// original text. The general splitting rules are tested in focus_test.cc.
#include "core/text/sentence_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/focus/focus.h"
#include "core/focus/focus_report.h"

namespace kring {
namespace {

bool IsWhite(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Runs of white space (line breaks included) as one space, as a reader sees the
// sentence.
std::string Collapse(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsWhite(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The sentences with white space collapsed; also checks that every span is a
// trimmed, non-empty piece of `text` in order.
std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  size_t previous_end = 0;
  for (const SentenceSpan &span : SentenceSplitter::Default().Split(text)) {
    EXPECT_LE(previous_end, span.begin);
    EXPECT_LT(span.begin, span.end);
    EXPECT_LE(span.end, text.size());
    if (span.begin >= span.end || span.end > text.size()) continue;
    EXPECT_FALSE(IsWhite(text[span.begin])) << span.begin;
    EXPECT_FALSE(IsWhite(text[span.end - 1])) << span.end;
    previous_end = span.end;
    out.push_back(Collapse(text.substr(span.begin, span.end - span.begin)));
  }
  return out;
}

std::string WithCrlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

// Wrapped at 70 columns, mid-sentence, the next line starting with "I" and with
// a name.
constexpr char kEnglishWrapped[] =
    "During the session my client described how the reorganisation of her\n"
    "team was announced without any consultation of the staff, and then\n"
    "I asked what she could influence herself. She told me that the manager\n"
    "Peter had not involved HR at all before the announcement, e.g.\n"
    "the new rota.";

constexpr char kDutchWrapped[] =
    "In het gesprek met [PERSOON-1] ging het over de nieuwe werkverdeling,\n"
    "en over de manier waarop de teamleider het rooster bijv. via de mail\n"
    "[PERSOON-2] liet weten. Daarna keken we samen naar de volgende stap en\n"
    "Amsterdam als nieuwe werkplek.";

TEST(SentenceSplitterLinesTest, HardWrappedEnglishContinuesTheSentence) {
  EXPECT_EQ(Sentences(kEnglishWrapped),
            (std::vector<std::string>{"During the session my client described how "
                                      "the reorganisation of her team was "
                                      "announced without any consultation of the "
                                      "staff, and then I asked what she could "
                                      "influence herself.",
                                      "She told me that the manager Peter had not "
                                      "involved HR at all before the "
                                      "announcement, e.g. the new rota."}));
}

TEST(SentenceSplitterLinesTest, HardWrappedDutchContinuesTheSentence) {
  EXPECT_EQ(Sentences(kDutchWrapped),
            (std::vector<std::string>{"In het gesprek met [PERSOON-1] ging het over "
                                      "de nieuwe werkverdeling, en over de "
                                      "manier waarop de teamleider het rooster bijv. "
                                      "via de mail [PERSOON-2] liet weten.",
                                      "Daarna keken we samen naar de volgende stap "
                                      "en Amsterdam als nieuwe werkplek."}));
}

TEST(SentenceSplitterLinesTest, AbbreviationAtTheEndOfAWrappedLine) {
  EXPECT_EQ(Sentences("We bespraken de knelpunten in het team en de afspraken met dhr.\n"
                      "Jansen over de planning van de komende maanden."),
            (std::vector<std::string>{"We bespraken de knelpunten in het team en de afspraken "
                                      "met dhr. Jansen over de planning van de komende maanden."}));
  // A real sentence end at the end of a line still ends the sentence.
  EXPECT_EQ(
      Sentences("We bespraken de knelpunten in het team en de afspraken met hem.\n"
                "Jansen kwam later."),
      (std::vector<std::string>{"We bespraken de knelpunten in het team en de afspraken met hem.",
                                "Jansen kwam later."}));
}

TEST(SentenceSplitterLinesTest, BlankLinesEndParagraphs) {
  EXPECT_EQ(
      Sentences("This long first paragraph has no full stop at the end of its line\n"
                "\n"
                "Then a new paragraph starts here.\n"
                "  \t \n"
                "Geen punt hier ook niet\n\n\nnieuwe alinea in kleine letters"),
      (std::vector<std::string>{"This long first paragraph has no full stop at the end of its line",
                                "Then a new paragraph starts here.", "Geen punt hier ook niet",
                                "nieuwe alinea in kleine letters"}));
}

TEST(SentenceSplitterLinesTest, ListItemsStartSentencesAndMayWrap) {
  EXPECT_EQ(Sentences("We spraken over drie dingen die de komende weken voor het team\n"
                      "belangrijk zijn:\n"
                      "- het rooster\n"
                      "- de taakverdeling met de collega's van de andere afdeling, die\n"
                      "  Marieke nu coordineert\n"
                      "* Overleg met HR\n"
                      "1. Evaluatie in mei\n"
                      "2) Next steps with the manager"),
            (std::vector<std::string>{"We spraken over drie dingen die de komende "
                                      "weken voor het team belangrijk zijn:",
                                      "het rooster",
                                      "de taakverdeling met de collega's van de "
                                      "andere afdeling, die Marieke nu "
                                      "coordineert",
                                      "Overleg met HR", "Evaluatie in mei",
                                      "Next steps with the manager"}));
}

TEST(SentenceSplitterLinesTest, ShortHeadingLinesStandAlone) {
  EXPECT_EQ(Sentences("Situatie\nDe teamleider moet een reorganisatie doorvoeren.\n"
                      "Acties:\nGesprek met de manager.\nWhat I learned\nI ask earlier."),
            (std::vector<std::string>{
                "Situatie", "De teamleider moet een reorganisatie doorvoeren.",
                "Acties:", "Gesprek met de manager.", "What I learned", "I ask earlier."}));
  // A short line that ends in a comma is not a heading.
  EXPECT_EQ(Sentences("Na het gesprek,\nBram belde later."),
            (std::vector<std::string>{"Na het gesprek, Bram belde later."}));
}

TEST(SentenceSplitterLinesTest, CrlfLineEndsBehaveLikeLf) {
  for (const char *text : {kEnglishWrapped, kDutchWrapped}) {
    const std::string crlf = WithCrlf(text);
    EXPECT_EQ(Sentences(crlf), Sentences(text));
  }
  EXPECT_EQ(Sentences(WithCrlf("First paragraph without an end\n\n- item one\n- item two\n")),
            (std::vector<std::string>{"First paragraph without an end", "item one", "item two"}));
}

// The focus report highlights cues by offset: sentence offset + cue offset must
// land on the cue's words in the original, wrapped text.
TEST(SentenceSplitterLinesTest, CueOffsetsPointIntoTheWrappedText) {
  struct Case {
    Language language;
    std::string text;
  };
  for (const Case &c :
       {Case{Language::kEnglish, kEnglishWrapped},
        Case{Language::kEnglish, WithCrlf(kEnglishWrapped)}, Case{Language::kDutch, kDutchWrapped},
        Case{Language::kDutch, WithCrlf(kDutchWrapped)}}) {
    FocusProfile profile = AnalyseText(c.text, c.language);
    ASSERT_EQ(profile.sentences.size(), 2u);
    size_t cues = 0;
    for (const FocusSentence &s : profile.sentences) {
      ASSERT_LE(s.offset + s.text.size(), c.text.size());
      EXPECT_EQ(c.text.substr(s.offset, s.text.size()), s.text);
      for (const FocusCue &cue : s.cues) {
        EXPECT_EQ(c.text.substr(s.offset + cue.begin, cue.end - cue.begin), cue.text);
        ++cues;
      }
    }
    EXPECT_GT(cues, 0u) << c.text;
    // On screen a line break inside a sentence is a space, never a broken
    // report line.
    std::string report = RenderFocusText(profile);
    EXPECT_EQ(report.find("her\nteam"), std::string::npos);
    EXPECT_EQ(report.find("\r"), std::string::npos);
  }
}

}  // namespace
}  // namespace kring
