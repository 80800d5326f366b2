#include "core/cases/case_template.h"

#include <gtest/gtest.h>

namespace kring {
namespace {

pb::CaseReflection FullCase() {
  pb::CaseReflection r;
  for (const CaseSection& s : CaseSections())
    SetCaseField(r, s.key, "text for " + std::string(s.key));
  r.set_title("Een teamleider in verandering");
  r.set_session_date("2026-11-20");
  r.set_language("nl");
  SetCaseField(r, "tags", "leiderschap, team, leiderschap");
  return r;
}

TEST(CaseTemplateTest, RoundTripsInBothLanguages) {
  pb::CaseReflection r = FullCase();
  EXPECT_EQ(r.tags_size(), 2);  // duplicates dropped
  for (bool dutch : {false, true}) {
    auto parsed = ParseCaseTemplate(RenderCaseTemplate(r, dutch));
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->SerializeAsString(), r.SerializeAsString()) << "dutch=" << dutch;
  }
}

TEST(CaseTemplateTest, MultiLineSectionsAndCrLf) {
  auto parsed = ParseCaseTemplate(
      "## Title\r\nA case\r\n\r\n## Work situation\r\nLine one\r\n\r\nLine two\r\n## Notes\r\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->situation(), "Line one\n\nLine two");
  EXPECT_EQ(parsed->notes(), "");
}

TEST(CaseTemplateTest, UnknownHeadingNamesTheLine) {
  auto parsed = ParseCaseTemplate("## Title\nx\n\n## Feelings\nsad\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), Code::kUsage);
  EXPECT_NE(parsed.status().message().find("line 4"), std::string::npos);
  EXPECT_NE(parsed.status().message().find("Feelings"), std::string::npos);
}

TEST(CaseTemplateTest, RejectsMalformedInput) {
  EXPECT_FALSE(ParseCaseTemplate("").ok());                            // no title
  EXPECT_FALSE(ParseCaseTemplate("stray text\n## Title\nx\n").ok());   // text before heading
  EXPECT_FALSE(ParseCaseTemplate("## Title\nx\n## Title\ny\n").ok());  // duplicate
  EXPECT_FALSE(ParseCaseTemplate("## Title\nx\n## Session date\n2026-02-30\n").ok());
  EXPECT_FALSE(ParseCaseTemplate("## Title\nx\n## Language\nfr\n").ok());
  EXPECT_FALSE(ParseCaseTemplate("## Title\nx\ny\n").ok());      // title spans two lines
  EXPECT_FALSE(ParseCaseTemplate("## Title\n\xff\xfe\n").ok());  // invalid UTF-8
  EXPECT_FALSE(ParseCaseTemplate(std::string(kMaxCaseFileBytes + 1, 'a')).ok());
  auto parsed = ParseCaseTemplate("## Title\nx\n## Session date\n20-11-2026\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("Session date"), std::string::npos);
}

TEST(CaseTemplateTest, DatesAreCalendarChecked) {
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-13-01"));
  EXPECT_FALSE(IsIsoDate("2023-1-01"));
  EXPECT_FALSE(IsIsoDate("abcd-ef-gh"));
}

// Tags render on one line joined by ", "; tags that would turn that line into a comment, carry
// control characters or start with '#' are refused instead of changing on the next edit.
TEST(CaseTemplateTest, RefusesTagsThatWouldNotReadBack) {
  for (const char* tags : {"<!-- a, b", "x, y -->", "ok, x\x01y", "a <!-- b"}) {
    auto parsed = ParseCaseTemplate(std::string("## Title\nx\n## Tags\n") + tags + "\n");
    ASSERT_FALSE(parsed.ok()) << tags;
    EXPECT_EQ(parsed.status().code(), Code::kUsage);
  }
  pb::CaseReflection r = FullCase();
  r.add_tags("#hash");
  EXPECT_FALSE(ValidateCase(r).ok());
  r = FullCase();
  r.add_tags("a, b");
  EXPECT_FALSE(ValidateCase(r).ok());
  EXPECT_TRUE(ValidateCase(FullCase()).ok());
}

// Issue 11 #3: a removed heading never merges its text silently into the part above, and no
// message quotes the case's text.
constexpr char kStory[] = "Mijn coachee Marieke Jansen huilde om haar vader";

TEST(CaseTemplateErrorsTest, ARemovedHeadingUnderTheLanguageIsNamedNotQuoted) {
  pb::CaseReflection r;
  r.set_title("Een casus");
  r.set_language("nl");
  r.set_situation(std::string(kStory) + ".\nTweede regel van het verhaal.");
  std::string text = RenderCaseTemplate(r, /*dutch=*/true);
  const size_t heading = text.find("## Werksituatie\n");
  ASSERT_NE(heading, std::string::npos);
  text.erase(heading, std::string("## Werksituatie\n").size());
  auto parsed = ParseCaseTemplate(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), Code::kUsage);
  const std::string message = parsed.status().message();
  EXPECT_EQ(message.find("Marieke"), std::string::npos) << message;
  EXPECT_NE(message.find("'## Taal'"), std::string::npos) << message;
  EXPECT_NE(message.find("'## Werksituatie'"), std::string::npos) << message;
  EXPECT_NE(message.find("removed"), std::string::npos) << message;
}

TEST(CaseTemplateErrorsTest, AHeadingMissingFromATemplateFileIsReportedByName) {
  pb::CaseReflection r;
  r.set_title("A case");
  r.set_situation("The team leader reorganises.");
  r.set_coach_actions(kStory);
  std::string text = RenderCaseTemplate(r, /*dutch=*/false);
  const std::string removed = "## What I did and asked\n";
  text.erase(text.find(removed), removed.size());
  auto parsed = ParseCaseTemplate(text);
  ASSERT_FALSE(parsed.ok());
  const std::string message = parsed.status().message();
  EXPECT_NE(message.find("'## What I did and asked' is missing"), std::string::npos) << message;
  EXPECT_NE(message.find("'## Context: personal drives and circumstances'"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("Marieke"), std::string::npos) << message;
}

TEST(CaseTemplateErrorsTest, AHandWrittenFileMayLeaveOutHeadings) {
  auto parsed = ParseCaseTemplate("## Title\nx\n\n## Next actions\nCall the manager.\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->situation(), "");
  EXPECT_EQ(parsed->next_actions(), "Call the manager.");
}

TEST(CaseTemplateErrorsTest, NoValidationMessageQuotesTheText) {
  for (const std::string& text : {
           "## Title\nx\n## Language\n" + std::string(kStory) + "\n",
           "## Title\nx\n## Session date\n" + std::string(kStory) + "\n",
           "## Title\nx\n## Tags\nwerk, " + std::string(kStory) + " <!-- x\n",
           "## Title\n" + std::string(kStory) + "\n" + std::string(kStory) + "\n",
           "## Title\nx\n## Tags\n" + std::string(300, 'a') + " Marieke\n",
       }) {
    auto parsed = ParseCaseTemplate(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().message().find("Marieke"), std::string::npos)
        << parsed.status().message();
  }
  // An unknown heading is named (it is the coach's markup), shortened and made printable.
  auto long_heading = ParseCaseTemplate("## Title\nx\n## " + std::string(100, 'h') + "\x1b[2J\n");
  ASSERT_FALSE(long_heading.ok());
  EXPECT_EQ(long_heading.status().message().find('\x1b'), std::string::npos);
  EXPECT_LT(long_heading.status().message().size(), 200u);
}

}  // namespace
}  // namespace kring
