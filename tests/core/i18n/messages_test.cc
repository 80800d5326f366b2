#include "core/i18n/messages.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/i18n/format.h"
#include "tests/support/scoped_time_zone.h"

namespace kring::i18n {
namespace {

// Every parameter a message names, over both plural forms.
std::set<std::string> ParamsOf(const CatalogueEntry& e) {
  std::set<std::string> names = ParameterNames(e.text);
  for (const std::string& form : {e.one, e.other}) {
    for (const std::string& n : ParameterNames(form)) names.insert(n);
  }
  return names;
}

TEST(CatalogueTest, BothLanguagesLoadWithoutProblems) {
  for (Language l : {Language::kDutch, Language::kEnglish}) {
    const Messages& m = Messages::Of(l);
    EXPECT_TRUE(m.load_problems().empty()) << m.load_problems().front();
    EXPECT_GT(m.entries().size(), 40u);
  }
}

TEST(CatalogueTest, EveryMessageExistsInBothLanguagesWithTheSameParameters) {
  const Messages& nl = Messages::Of(Language::kDutch);
  const Messages& en = Messages::Of(Language::kEnglish);
  for (const auto& [id, entry] : en.entries()) {
    auto it = nl.entries().find(id);
    if (it == nl.entries().end()) {
      ADD_FAILURE() << id << " has no Dutch text";
      continue;
    }
    EXPECT_EQ(entry.plural(), it->second.plural()) << id << " is plural in one language only";
    std::set<std::string> en_params = ParamsOf(entry);
    std::set<std::string> nl_params = ParamsOf(it->second);
    // A plural's `one` form may say "één" instead of {n}.
    if (entry.plural()) {
      en_params.erase("n");
      nl_params.erase("n");
    }
    EXPECT_EQ(en_params, nl_params) << id << " names other parameters in Dutch than in English";
  }
  for (const auto& [id, entry] : nl.entries()) {
    EXPECT_TRUE(en.Has(id)) << id << " has no English text";
  }
}

TEST(CatalogueTest, PluralFormsFollowTheCount) {
  EXPECT_EQ(Tr(Language::kDutch, "count.days", {{"n", 1}}), "1 dag");
  EXPECT_EQ(Tr(Language::kDutch, "count.days", {{"n", 2}}), "2 dagen");
  EXPECT_EQ(Tr(Language::kDutch, "count.days", {{"n", 0}}), "0 dagen");
  EXPECT_EQ(Tr(Language::kEnglish, "count.minutes", {{"n", 1}}), "1 minute");
  EXPECT_EQ(Tr(Language::kEnglish, "count.minutes", {{"n", 12500}}), "12,500 minutes");
  EXPECT_EQ(Tr(Language::kDutch, "count.minutes", {{"n", 12500}}), "12.500 minuten");
}

TEST(CatalogueTest, UnknownIdsAndMissingParametersAreVisibleNotSilent) {
  EXPECT_EQ(Tr(Language::kEnglish, "no.such.message"), "[no.such.message]");
  EXPECT_EQ(Tr(Language::kEnglish, "list.and", {{"first", "a"}}), "a and {last}");
}

TEST(CatalogueTest, ProcessLanguageSwitches) {
  SetLanguage(Language::kDutch);
  EXPECT_EQ(Tr("list.and", {{"first", "a"}, {"last", "b"}}), "a en b");
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(Tr("list.and", {{"first", "a"}, {"last", "b"}}), "a and b");
}

TEST(CatalogueTest, LoadingReportsBrokenFilesDuplicatesAndIncompleteMessages) {
  const Messages m = Messages::FromFiles(
      Language::kEnglish,
      {{"en.a.txtpb",
        "message { id: \"x\" text: \"one\" }\nmessage { id: \"x\" text: \"two\" }\n"
        "message { id: \"p\" one: \"{n} thing\" }\nmessage { id: \"e\" }\n"},
       {"en.b.txtpb", "message { id: \"y\" txt: \"typo\" }"}});
  ASSERT_EQ(m.load_problems().size(), 4u);
  EXPECT_NE(m.load_problems()[0].find("x is given twice"), std::string::npos);
  EXPECT_NE(m.load_problems()[1].find("p needs either"), std::string::npos);
  EXPECT_NE(m.load_problems()[2].find("e needs either"), std::string::npos);
  EXPECT_NE(m.load_problems()[3].find("en.b.txtpb:1:"), std::string::npos);
  EXPECT_EQ(m("x"), "one");
}

TEST(CatalogueTest, ParametersAreFilledByNameAndBracesThatNameNothingStay) {
  const Messages m = Messages::FromFiles(
      Language::kDutch, {{"nl.t.txtpb",
                          "message { id: \"t\" text: \"{b} na {a}, {a}; {x y} {} {\" }\n"
                          "message { id: \"d\" text: \"gemiddeld {score}\" }\n"}});
  EXPECT_EQ(m("t", {{"a", "A"}, {"b", "B"}}), "B na A, A; {x y} {} {");
  EXPECT_EQ(m("d", {{"score", Arg::Decimal(3.456, 2)}}), "gemiddeld 3,46");
  EXPECT_EQ(ParameterNames("{b} na {a}, {a}; {x y} {}"), (std::set<std::string>{"a", "b"}));
}

TEST(FormatTest, NumbersAreWrittenTheWayEachLanguageWritesThem) {
  EXPECT_EQ(FormatInteger(Language::kDutch, 1250), "1250");
  EXPECT_EQ(FormatInteger(Language::kDutch, 12500), "12.500");
  EXPECT_EQ(FormatInteger(Language::kEnglish, 1234567), "1,234,567");
  EXPECT_EQ(FormatInteger(Language::kDutch, -12500), "-12.500");
  EXPECT_EQ(FormatInteger(Language::kEnglish, INT64_MIN), "-9,223,372,036,854,775,808");
  EXPECT_EQ(FormatDecimal(Language::kDutch, 3.5, 2), "3,50");
  EXPECT_EQ(FormatDecimal(Language::kEnglish, 3.5, 2), "3.50");
  EXPECT_EQ(FormatDecimal(Language::kEnglish, 12345.678, 1), "12,345.7");
  EXPECT_EQ(FormatDecimal(Language::kDutch, -0.01, 1), "0,0");
  EXPECT_EQ(FormatDecimal(Language::kDutch, -2.25, 1), "-2,2");
  EXPECT_EQ(FormatDecimal(Language::kDutch, 4.0, 0), "4");
  EXPECT_EQ(FormatDecimal(Language::kDutch, std::nan(""), 2), "-");
  EXPECT_EQ(FormatPercent(Language::kDutch, 0.754), "75%");
  EXPECT_EQ(FormatPercent(Language::kEnglish, 1.0), "100%");
}

TEST(FormatTest, DatesAreWrittenAsADutchOrAnEnglishReaderWritesThem) {
  testing::ScopedTimeZone tz(testing::kCentralEuropeanTime);
  const int64_t ms = 1'796'216'700'000;  // 2026-12-02T13:05:00Z, 14:05 in Amsterdam
  EXPECT_EQ(FormatDate(Language::kDutch, ms), "2 december 2026");
  EXPECT_EQ(FormatDate(Language::kEnglish, ms), "2 December 2026");
  EXPECT_EQ(FormatShortDate(Language::kDutch, ms), "2 dec 2026");
  EXPECT_EQ(FormatShortDate(Language::kEnglish, ms), "2 Dec 2026");
  EXPECT_EQ(FormatDateTime(Language::kDutch, ms), "2 december 2026 14:05");
  EXPECT_EQ(FormatDateTime(Language::kEnglish, ms), "2 December 2026, 14:05");
  EXPECT_EQ(FormatMonth(Language::kDutch, 2026, 3), "maart 2026");
  EXPECT_EQ(FormatCivilDate(Language::kEnglish, 2026, 1, 31), "31 January 2026");
  EXPECT_EQ(FormatMonth(Language::kDutch, 2026, 13), "? 2026");
}

TEST(FormatTest, DurationsNameTheTwoLargestNeighbouringUnits) {
  constexpr int64_t kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;
  EXPECT_EQ(FormatDuration(Language::kDutch, 30'000), "minder dan een minuut");
  EXPECT_EQ(FormatDuration(Language::kDutch, kMinute), "1 minuut");
  EXPECT_EQ(FormatDuration(Language::kDutch, 2 * kHour + 5 * kMinute), "2 uur en 5 minuten");
  EXPECT_EQ(FormatDuration(Language::kEnglish, kDay + 3 * kHour + 7 * kMinute),
            "1 day and 3 hours");
  EXPECT_EQ(FormatDuration(Language::kEnglish, 3 * kDay + 7 * kMinute), "3 days");
}

TEST(FormatTest, ListsJoinWithTheLanguagesAnd) {
  EXPECT_EQ(FormatList(Language::kDutch, {}), "");
  EXPECT_EQ(FormatList(Language::kDutch, {"a"}), "a");
  EXPECT_EQ(FormatList(Language::kDutch, {"a", "b", "c"}), "a, b en c");
  EXPECT_EQ(FormatList(Language::kEnglish, {"a", "b"}), "a and b");
}

}  // namespace
}  // namespace kring::i18n
