#include "core/anonymise/anonymiser.h"

#include <gtest/gtest.h>

#include "core/anonymise/identifiers.h"
#include "core/anonymise/pseudonyms.h"
#include "core/cases/case_anonymiser.h"

namespace kring {
namespace {

class AnonymiserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Anonymiser> a = Anonymiser::Load();
    ASSERT_TRUE(a.ok()) << a.status().message();
    anonymiser_ = new Anonymiser(std::move(a).value());
  }
  static void TearDownTestSuite() { delete anonymiser_; }

  std::vector<Finding> Find(std::string_view text, const AnonymiserOptions& o = {}) {
    Result<std::vector<Finding>> r = anonymiser_->Find(text, o);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<Finding>{};
  }
  // The single finding of the given type, or an empty text.
  std::string Only(std::string_view text, EntityType type) {
    std::string out;
    for (const Finding& f : Find(text))
      if (f.type == type) out += (out.empty() ? "" : "|") + f.text;
    return out;
  }
  static Anonymiser* anonymiser_;
};
Anonymiser* AnonymiserTest::anonymiser_ = nullptr;

TEST_F(AnonymiserTest, Email) {
  EXPECT_EQ(Only("mail jan.de.vries@praktijk.nl vandaag.", EntityType::kEmail),
            "jan.de.vries@praktijk.nl");
  EXPECT_EQ(Only("a@b is geen adres", EntityType::kEmail), "");
}

TEST_F(AnonymiserTest, PhoneSpellings) {
  for (std::string_view p :
       {"06-12345678", "06 1234 5678", "+31 6 12345678", "020-5551234", "(020) 555 1234",
        "0031 6 12345678", "+31 (0)6 1234 5678", "+44 20 7946 0958", "07700 900123"}) {
    EXPECT_EQ(Only("bel " + std::string(p) + " morgen", EntityType::kPhone), p);
  }
  EXPECT_EQ(Only("om 09.00-17.00 uur", EntityType::kPhone), "");
  EXPECT_EQ(Only("op 06-12-2023 gesproken", EntityType::kPhone), "");
}

TEST_F(AnonymiserTest, IbanNeedsValidChecksum) {
  EXPECT_TRUE(IbanChecksumValid("NL91ABNA0417164300"));
  EXPECT_FALSE(IbanChecksumValid("NL91ABNA0417164301"));
  EXPECT_EQ(Only("rekening NL91ABNA0417164300.", EntityType::kIban), "NL91ABNA0417164300");
  EXPECT_EQ(Only("rekening NL91 ABNA 0417 1643 00 graag", EntityType::kIban),
            "NL91 ABNA 0417 1643 00");
  EXPECT_EQ(Only("rekening NL91ABNA0417164301", EntityType::kIban), "");
}

TEST_F(AnonymiserTest, BsnNeedsElevenTest) {
  EXPECT_TRUE(BsnElevenTestValid("111222333"));
  EXPECT_FALSE(BsnElevenTestValid("123456789"));
  EXPECT_FALSE(BsnElevenTestValid("000000000"));
  EXPECT_EQ(Only("BSN 123456782", EntityType::kBsn), "123456782");
  EXPECT_EQ(Only("BSN 123.456.782", EntityType::kBsn), "123.456.782");
  EXPECT_EQ(Only("order 123456789", EntityType::kBsn), "");
}

TEST_F(AnonymiserTest, PostcodeAddressUrlIp) {
  EXPECT_EQ(Only("1234 AB Utrecht", EntityType::kPostcode), "1234 AB");
  EXPECT_EQ(Only("1234AB", EntityType::kPostcode), "1234AB");
  EXPECT_EQ(Only("op de Kerkstraat 12a wonen", EntityType::kAddress), "Kerkstraat 12a");
  EXPECT_EQ(Only("at 12 High Street today", EntityType::kAddress), "12 High Street");
  EXPECT_EQ(Only("Laan van Meerdervoort 5", EntityType::kAddress), "Laan van Meerdervoort 5");
  EXPECT_EQ(Only("zie https://example.org/a?b=1.", EntityType::kUrl), "https://example.org/a?b=1");
  EXPECT_EQ(Only("zie praktijkdebrug.nl.", EntityType::kUrl), "praktijkdebrug.nl");
  EXPECT_EQ(Only("host 192.168.1.20 en fe80::1", EntityType::kIp), "192.168.1.20|fe80::1");
  EXPECT_EQ(Only("om 10:30:15", EntityType::kIp), "");
}

TEST_F(AnonymiserTest, DatesAndAges) {
  EXPECT_EQ(Only("op 12 maart 2024 en 3-4-1985", EntityType::kDate), "12 maart 2024|3-4-1985");
  EXPECT_EQ(Only("on March 12, 2023", EntityType::kDate), "March 12, 2023");
  EXPECT_EQ(Only("geboren in 1985", EntityType::kDate), "1985");
  EXPECT_EQ(Only("een man van 43 kwam", EntityType::kAge), "43");
  EXPECT_EQ(Only("hij is 43 jaar oud", EntityType::kAge), "43");
  EXPECT_EQ(Only("she is aged 43", EntityType::kAge), "43");
  EXPECT_EQ(Only("a 43-year-old manager", EntityType::kAge), "43");
  EXPECT_EQ(Only("het is 10 jaar geleden", EntityType::kAge), "");
}

TEST_F(AnonymiserTest, NamesOrganisationsPlaces) {
  EXPECT_EQ(Only("Ik sprak met mevrouw Kraaijenbrink over haar werk.", EntityType::kPerson),
            "Kraaijenbrink");
  EXPECT_EQ(Only("Gisteren belde Jan de Vries me op.", EntityType::kPerson), "Jan de Vries");
  EXPECT_EQ(Only("Ze werkt bij de gemeente Utrecht.", EntityType::kOrganisation),
            "gemeente Utrecht");
  EXPECT_EQ(Only("She works at the University of Leeds.", EntityType::kOrganisation),
            "University of Leeds");
  EXPECT_EQ(Only("Ze woont in Den Haag.", EntityType::kPlace), "Den Haag");
  // A capitalised common word at a sentence start is not a name.
  EXPECT_TRUE(Find("Tijdens de sessie bleef het stil. The team was quiet.").empty());
}

TEST_F(AnonymiserTest, AllowListAndAlwaysRemove) {
  AnonymiserOptions o;
  o.allow = {"Feedforward"};
  o.always_remove = {"Jansen Groep", "Bram Oosterhuis"};
  std::vector<Finding> f =
      Find("We gebruikten Feedforward bij de jansen groep; oosterhuis en Oosterhuis.", o);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].text, "jansen groep");
  EXPECT_EQ(f[0].type, EntityType::kOrganisation);
  EXPECT_EQ(f[1].text, "Oosterhuis");
  EXPECT_EQ(f[1].rule, "always-remove");
}

TEST_F(AnonymiserTest, PseudonymsAreConsistentAcrossFieldsAndMentions) {
  pb::CaseReflection c;
  c.set_language("nl");
  c.set_title("Casus Jan de Vries");
  c.set_situation("Jan de Vries werkt bij de gemeente Utrecht. Later zei Jan dat hij moe was.");
  c.set_learned("Mevrouw De Vries en Pieter Mulder bellen 06-12345678.");
  c.add_tags("gemeente Utrecht");
  PseudonymMap map;
  Result<AnonymisedCase> r = AnonymiseCase(c, *anonymiser_, AnonymiserOptions{}, map);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->redacted.title(), "Casus [PERSOON-1]");
  EXPECT_EQ(r->redacted.situation(),
            "[PERSOON-1] werkt bij de [ORGANISATIE-1]. Later zei [PERSOON-1] dat hij moe was.");
  EXPECT_EQ(r->redacted.learned(), "Mevrouw [PERSOON-1] en [PERSOON-2] bellen [TELEFOON-1].");
  EXPECT_EQ(r->redacted.tags(0), "[ORGANISATIE-1]");
  EXPECT_EQ(r->fields.size(), 4u);

  Result<PseudonymMap> back = PseudonymMap::FromProto(map.ToProto());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->LabelFor(EntityType::kPerson, "Jan", Language::kEnglish), "[PERSON-1]");
  EXPECT_EQ(back->Lookup(EntityType::kPerson, 2)->original, "Pieter Mulder");

  pb::PseudonymMapping bad;
  bad.add_entries()->set_type("spaceship");
  EXPECT_EQ(PseudonymMap::FromProto(bad).status().code(), Code::kIntegrity);
}

TEST_F(AnonymiserTest, CaseLanguageIsCheckedAndDetected) {
  pb::CaseReflection c;
  c.set_situation("The client and her manager talked about the budget.");
  EXPECT_EQ(*CaseLanguage(c, {}), Language::kEnglish);
  c.set_situation("De cliënt en haar leidinggevende spraken over het budget.");
  EXPECT_EQ(*CaseLanguage(c, {}), Language::kDutch);
  c.set_language("fr");
  EXPECT_EQ(CaseLanguage(c, {}).status().code(), Code::kUsage);
}

TEST_F(AnonymiserTest, InvalidUtf8SaysWhere) {
  Result<std::vector<Finding>> r = anonymiser_->Find("regel een\nfo\xC3(o", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUsage);
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
  EXPECT_FALSE(anonymiser_->Find("\xED\xA0\x80", {}).ok());  // UTF-16 surrogate
}

TEST_F(AnonymiserTest, EmptyAndAllNames) {
  EXPECT_TRUE(Find("").empty());
  EXPECT_FALSE(Find("Jan Piet Klaas Henk Sanne Fatima Youssef").empty());
}

TEST_F(AnonymiserTest, HugeTextFinishes) {
  std::string sentence = "Mijn coachee Sanne de Vries belt 06-12345678 over de gemeente Utrecht. ";
  std::string text;
  while (text.size() < 20u << 20) text += sentence;
  std::vector<Finding> f = Find(text);
  EXPECT_GE(f.size(), 3 * (text.size() / sentence.size()));
  PseudonymMap map;
  std::string redacted = Redact(text, f, map, Language::kDutch);
  EXPECT_EQ(redacted.find("Sanne"), std::string::npos);
  EXPECT_EQ(map.entries().size(), 3u);
}

TEST_F(AnonymiserTest, PathologicalInputsStayLinear) {
  std::string at;
  while (at.size() < (1u << 20)) at += "a@a@";
  Find(at);
  std::string digits(1u << 20, '7');
  Find(digits);
  std::string spaced;
  while (spaced.size() < (1u << 20)) spaced += "0 6 1 2 ";
  Find(spaced);
  std::string caps;
  while (caps.size() < (1u << 20)) caps += "Xq van ";
  Find(caps);
  std::string dots(1u << 20, '.');
  Find("a" + dots + "@b.nl");
}

}  // namespace
}  // namespace kring
