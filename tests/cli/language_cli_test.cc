// The coach's language, end to end: three real nodes set up with `kring init --language nl` (or
// en) run every command of the README's everyday section, and everything they print is in that
// language only. Checked two ways: no line holds a word that only the other language has (after
// taking out the coaches' own texts, commands and ids), and no fixed piece of the other
// language's message catalogue appears. Switching the setting, and KRING_LANG for one command,
// switch the language.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "core/i18n/messages.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessResult;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr char kGroup[] = "Kring Noord";

// No override: the node's setting decides (the test support sets KRING_LANG=en otherwise).
const std::map<std::string, std::string> kSettingDecides = {{"KRING_LANG", ""}};

// Words one language has and the other does not (function words and Kring's own nouns).
const std::set<std::string> kEnglishOnly = {
    "the",      "and",       "with",    "your",    "you",      "not",   "has",     "have",
    "this",     "that",      "which",   "from",    "are",      "were",  "will",    "there",
    "what",     "when",      "who",     "for",     "into",     "to",    "on",      "at",
    "by",       "it",        "its",     "can",     "cannot",   "could", "would",   "should",
    "must",     "please",    "first",   "next",    "last",     "only",  "now",     "new",
    "none",     "yet",       "already", "here",    "why",      "how",   "case",    "cases",
    "group",    "groups",    "member",  "members", "received", "sent",  "nothing", "shared",
    "question", "questions", "asked",   "name",    "names",    "saved", "removed", "keep",
    "found",    "week",      "days",    "hours",   "minutes",  "since", "until",   "date"};
const std::set<std::string> kDutchOnly = {
    "de",      "het",       "een",     "en",           "je",        "jouw",  "niet",     "met",
    "voor",    "naar",      "zijn",    "wordt",        "er",        "dit",   "dat",      "ook",
    "maar",    "bij",       "nog",     "geen",         "deze",      "casus", "casussen", "groep",
    "groepen", "leden",     "gedeeld", "ontvangen",    "verstuurd", "niets", "vraag",    "vragen",
    "wat",     "wie",       "heeft",   "hebben",       "werd",      "staat", "kan",      "moet",
    "zie",     "nu",        "als",     "om",           "te",        "op",    "uit",      "aan",
    "hoe",     "waar",      "naam",    "bewaard",      "gevonden",  "dagen", "uur",      "sinds",
    "datum",   "gemiddeld", "lid",     "wachtwoordzin"};

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (unsigned char c : text + " ") {
    if (std::isalpha(c) != 0 || c >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else {
      if (!word.empty()) words.push_back(word);
      word.clear();
    }
  }
  return words;
}

// Takes out what is not Kring's own wording: commands to copy (`kring ...`, backticked), ids,
// fingerprints, paths and the option names of the command line.
std::string KringWordsOnly(std::string line) {
  static const std::regex kBackticked("`[^`]*`|(^|\\s)'[a-z][a-z -]*'");
  static const std::regex kCommand("\\bkring( [a-z][a-z-]*){0,3}");
  static const std::regex kPath("(/[^ ]+)+");
  static const std::regex kOption("--[a-z-]+");
  static const std::regex kHex("\\b[0-9a-f]{4,}\\b|[A-Z0-9]{4}(-[A-Z0-9]{4})+");
  static const std::regex kLabel("\\[[A-Z]+-[0-9]+\\]");
  static const std::regex kCodes("\\bnl\\s*(\\||or|of)\\s*en\\b|\\((nl|en)\\)");
  for (const std::regex* r : {&kBackticked, &kCommand, &kPath, &kOption, &kHex, &kLabel, &kCodes}) {
    line = std::regex_replace(line, *r, " ");
  }
  return line;
}

// The fixed pieces (between parameters) of every message of `language` that the other language
// does not also have: at least three words, so that short shared words ("Score") do not count.
std::vector<std::string> CatalogueFragments(Language language) {
  const auto& mine = i18n::Messages::Of(language).entries();
  const auto& theirs =
      i18n::Messages::Of(language == Language::kDutch ? Language::kEnglish : Language::kDutch)
          .entries();
  std::set<std::string> fragments;
  const std::regex kParam("\\{[a-z_0-9]+\\}");
  for (const auto& [id, entry] : mine) {
    auto other = theirs.find(id);
    for (const std::string& text : {entry.text, entry.one, entry.other}) {
      std::sregex_token_iterator it(text.begin(), text.end(), kParam, -1), end;
      for (; it != end; ++it) {
        std::string piece = *it;
        for (std::string line; !piece.empty();) {
          const size_t nl = piece.find('\n');
          line = piece.substr(0, nl);
          piece = nl == std::string::npos ? "" : piece.substr(nl + 1);
          while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) {
            line.erase(0, 1);
          }
          while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) {
            line.pop_back();
          }
          if (Words(KringWordsOnly(line)).size() < 3) continue;
          const bool shared =
              other != theirs.end() && (other->second.text.find(line) != std::string::npos ||
                                        other->second.one.find(line) != std::string::npos ||
                                        other->second.other.find(line) != std::string::npos);
          if (!shared) fragments.insert(line);
        }
      }
    }
  }
  return {fragments.begin(), fragments.end()};
}

class LanguageCliTest : public ::testing::TestWithParam<std::string> {
 protected:
  Language language() const { return GetParam() == "nl" ? Language::kDutch : Language::kEnglish; }
  bool dutch() const { return language() == Language::kDutch; }

  ProcessResult Ok(const KringNode& node, const std::vector<std::string>& args,
                   const std::string& input = "") {
    ProcessResult r = node.Run(args, kSettingDecides, input);
    std::string command = "kring";
    for (const std::string& a : args) command += " " + a;
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
    // JSON is for programs: stable English keys in every language (docs/i18n.md).
    if (std::find(args.begin(), args.end(), "--json") == args.end()) {
      outputs_.push_back({command, WithoutTempPath(r.out + r.err)});
    }
    return r;
  }
  // The test's folder has a random name ("kring-test-on9EDI"), which may hold an English word:
  // it is not the program's text.
  std::string WithoutTempPath(std::string text) const {
    const std::string path = dir_.path();
    for (size_t at = text.find(path); at != std::string::npos; at = text.find(path, at)) {
      text.replace(at, path.size(), "/tmp/x");
    }
    return text;
  }
  // A command expected to fail (e.g. no colleague reachable): its words count too.
  ProcessResult Fails(const KringNode& node, const std::vector<std::string>& args) {
    ProcessResult r = node.Run(args, kSettingDecides);
    std::string command = "kring";
    for (const std::string& a : args) command += " " + a;
    EXPECT_NE(r.exit_code, 0) << command;
    outputs_.push_back({command, WithoutTempPath(r.out + r.err)});
    return r;
  }

  std::string Identity(const KringNode& node) {
    std::string id = node.Run({"whoami", "--export"}, kSettingDecides).out;
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }
  void Send(const KringNode& from, const KringNode& to) {
    const std::string file = dir_.File("bundle-" + std::to_string(++bundles_));
    Ok(from, {"export", "--group", kGroup, "--out", file});
    Ok(to, {"import", file});
  }
  // The value of "key": "..." in a line of JSON.
  static std::string JsonValue(const std::string& json, const std::string& key) {
    const size_t at = json.find("\"" + key + "\": \"");
    if (at == std::string::npos) return "";
    const size_t start = at + key.size() + 5;
    return json.substr(start, json.find('"', start) - start);
  }

  // Runs the README's everyday commands on three nodes; every output lands in outputs_.
  void RunEverydayCommands() {
    const std::string lang = GetParam();
    for (const auto& [node, alias] :
         {std::pair{&anna_, "Anna"}, {&bram_, "Bram"}, {&cleo_, "Cleo"}}) {
      Ok(*node, {"init", "--alias", alias, "--language", lang});
    }
    Ok(anna_, {"whoami"});
    Ok(anna_, {"whoami", "--alias", "Anna"});
    Ok(anna_, {"settings"});
    Ok(anna_, {"help", "case", "new"});

    // Bram's case, in the case's own language.
    const std::vector<std::string> text =
        dutch() ? std::vector<std::string>{"Teamleider onder druk",
                                           "Pieter Jansen van Bakkerij Zon moet een "
                                           "reorganisatie doorvoeren. Het beleid verandert.",
                                           "Ik vroeg wat hij zelf kan beïnvloeden.",
                                           "Volgende week een gesprek met de manager."}
                : std::vector<std::string>{"Team lead under pressure",
                                           "Peter Johnson of Sunrise Bakery has to carry out a "
                                           "reorganisation. The policy is changing.",
                                           "I asked what he can influence himself.",
                                           "Next week a meeting with the manager."};
    for (const std::string& t : text) {
      for (const std::string& w : Words(t)) own_words_.insert(w);
    }
    Ok(bram_, {"case", "template"});
    Ok(bram_, {"case", "new", "--title", text[0], "--language", lang, "--situation", text[1],
               "--coach-actions", text[2], "--next-actions", text[3]});
    const std::string listed = Ok(bram_, {"case", "list", "--json"}).out;
    const std::string id = JsonValue(listed, "id").substr(0, 8);
    ASSERT_EQ(id.size(), 8u) << listed;
    Ok(bram_, {"case", "list"});
    Ok(bram_, {"case", "show", id});
    Ok(bram_, {"case", "check", id});
    Ok(bram_, {"case", "check", id, "--name", "Zon"});
    Ok(bram_, {"case", "anonymise", id, "--yes"});
    Ok(bram_, {"case", "show", id, "--anonymised"});
    Ok(bram_, {"case", "focus", id});
    Ok(bram_, {"names", "add", "Acme BV"});
    Ok(bram_, {"names", "add", "--allow", "Feedforward"});
    Ok(bram_, {"names", "list"});
    WriteFile(dir_.File("notes.txt"), text[1] + "\n");
    Ok(bram_, {"anonymise", dir_.File("notes.txt")});

    Ok(anna_, {"group", "create", kGroup});
    Ok(anna_, {"group", "add", kGroup, Identity(bram_), "--role", "coach"});
    Ok(anna_, {"group", "add", kGroup, Identity(cleo_), "--role", "supervisor"});
    Ok(anna_, {"group", "show", kGroup});
    Ok(anna_, {"group", "list"});
    Send(anna_, bram_);
    Send(anna_, cleo_);

    Ok(bram_, {"case", "share", id, "--group", kGroup});
    const std::string question = dutch() ? "Bleef ik bij het werk?" : "Did I stay with the work?";
    for (const std::string& w : Words(question)) own_words_.insert(w);
    Ok(bram_,
       {"ask", kGroup, id, "--to", "Cleo", "--question", question, "--due", "2027-01-15", "--yes"});
    Ok(bram_, {"group", "feed", kGroup});
    Send(bram_, cleo_);

    Ok(cleo_, {"inbox"});
    const std::string entry = JsonValue(Ok(cleo_, {"inbox", "--json"}).out, "case").substr(0, 8);
    ASSERT_EQ(entry.size(), 8u);
    Ok(cleo_, {"group", "read", kGroup, entry});
    const std::string strengths =
        dutch() ? "Heldere vragen over de context." : "Clear questions about the context.";
    const std::string suggestion =
        dutch() ? "Vraag vaker naar de volgende stap." : "Ask more often about the next step.";
    for (const std::string& t : {strengths, suggestion}) {
      for (const std::string& w : Words(t)) own_words_.insert(w);
    }
    Ok(cleo_, {"review", kGroup, entry, "--scores", "4,3,5,4", "--focused", "partly", "--strengths",
               strengths, "--suggestion", suggestion, "--yes"});
    Send(cleo_, bram_);
    Ok(bram_, {"inbox"});
    Ok(bram_, {"case", "show", id});
    Ok(bram_, {"group", "feed", kGroup});

    Ok(cleo_, {"audit", "--group", kGroup});
    Ok(cleo_, {"audit", "--group", kGroup, "--format", "md"});
    const std::string html = dir_.File("audit.html");
    Ok(cleo_, {"audit", "--group", kGroup, "--format", "html", "--out", html});
    outputs_.push_back({"audit.html", StripTags(ReadFile(html))});

    Ok(anna_, {"peer", "add", "127.0.0.1:9", "--key", Fingerprint(bram_)});
    Ok(anna_, {"peer", "list"});
    Fails(anna_, {"sync"});
    Fails(anna_, {"sync", "--verbose"});
    Ok(bram_, {"case", "retract", id, "--yes"});
    Ok(anna_, {"group", "remove", kGroup, "Cleo"});
    Ok(bram_, {"case", "new", "--title", text[0], "--language", lang});
    // The new case: the id in the list that is not the first case's.
    const std::string all = Ok(bram_, {"case", "list", "--json"}).out;
    const std::regex kId("\"id\": \"([0-9a-f]{8})");
    std::string second;
    for (std::sregex_iterator it(all.begin(), all.end(), kId), end; it != end; ++it) {
      if ((*it)[1] != id) second = (*it)[1];
    }
    ASSERT_EQ(second.size(), 8u) << all;
    Ok(bram_, {"case", "delete", second, "--yes"});
    Fails(bram_, {"case", "show", "ffffffff"});
    Fails(bram_, {"caes", "list"});
  }

  std::string Fingerprint(const KringNode& node) {
    const std::string json = node.Run({"whoami", "--json"}, kSettingDecides).out;
    return JsonValue(json, "fingerprint");
  }

  static std::string StripTags(const std::string& html) {
    std::string body = html.substr(std::min(html.size(), html.find("<body")));
    body = std::regex_replace(
        body, std::regex("<style[\\s\\S]*?</style>|<script[\\s\\S]*?</script>"), " ");
    return std::regex_replace(body, std::regex("<[^>]*>|&[a-z]+;|&#[0-9]+;"), " ");
  }

  // Every line of every output that holds a word of the other language only.
  std::vector<std::string> ForeignLines() const {
    const std::set<std::string>& foreign = dutch() ? kEnglishOnly : kDutchOnly;
    std::vector<std::string> found;
    for (const auto& [command, output] : outputs_) {
      size_t start = 0;
      while (start < output.size()) {
        size_t end = output.find('\n', start);
        if (end == std::string::npos) end = output.size();
        const std::string line = output.substr(start, end - start);
        start = end + 1;
        for (const std::string& w : Words(KringWordsOnly(line))) {
          if (foreign.count(w) > 0 && own_words_.count(w) == 0) {
            found.push_back(command + ": '" + w + "' in: " + line);
            break;
          }
        }
      }
    }
    return found;
  }

  std::vector<std::string> ForeignCatalogueText() const {
    const Language other = dutch() ? Language::kEnglish : Language::kDutch;
    std::vector<std::string> found;
    for (const std::string& fragment : CatalogueFragments(other)) {
      for (const auto& [command, output] : outputs_) {
        if (output.find(fragment) != std::string::npos) {
          found.push_back(command + ": \"" + fragment + "\"");
        }
      }
    }
    return found;
  }

  TempDir dir_;
  KringNode anna_{dir_.File("anna")};
  KringNode bram_{dir_.File("bram")};
  KringNode cleo_{dir_.File("cleo")};
  int bundles_ = 0;
  std::vector<std::pair<std::string, std::string>> outputs_;
  std::set<std::string> own_words_ = {"kring", "noord", "anna", "bram", "cleo", "acme", "bv"};
};

TEST_P(LanguageCliTest, EverydayCommandsSpeakOnlyTheCoachsLanguage) {
  RunEverydayCommands();
  if (HasFatalFailure()) return;
  std::string report;
  for (const std::string& line : ForeignLines()) report += line + "\n";
  for (const std::string& line : ForeignCatalogueText()) report += line + "\n";
  EXPECT_TRUE(report.empty()) << "text in the other language:\n" << report;
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, LanguageCliTest, ::testing::Values("nl", "en"),
                         [](const auto& info) { return info.param; });

class LanguageSettingTest : public ::testing::Test {
 protected:
  TempDir dir_;
  KringNode node_{dir_.File("node")};
};

TEST_F(LanguageSettingTest, TheSettingSwitchesTheLanguageAndKringLangOverridesItOnce) {
  ProcessResult init = node_.Run({"init", "--alias", "Anna", "--language", "nl"}, kSettingDecides);
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.out.find("Je Kring-node staat klaar"), std::string::npos) << init.out;
  EXPECT_NE(node_.Run({"settings"}, kSettingDecides).out.find("Taal: Nederlands (nl)"),
            std::string::npos);
  EXPECT_NE(node_.Run({"whoami"}, kSettingDecides).out.find("vingerafdruk:"), std::string::npos);
  // One command in English, the setting unchanged.
  EXPECT_NE(node_.Run({"whoami"}, {{"KRING_LANG", "en"}}).out.find("fingerprint:"),
            std::string::npos);
  EXPECT_NE(node_.Run({"whoami"}, kSettingDecides).out.find("vingerafdruk:"), std::string::npos);
  // Switched for good.
  ProcessResult set = node_.Run({"settings", "--language", "en"}, kSettingDecides);
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("Kring now speaks English to you."), std::string::npos) << set.out;
  EXPECT_NE(node_.Run({"whoami"}, kSettingDecides).out.find("fingerprint:"), std::string::npos);
  ProcessResult help = node_.Run({"help", "init"}, kSettingDecides);
  EXPECT_NE(help.out.find("Usage:"), std::string::npos) << help.out;
  ASSERT_EQ(node_.Run({"settings", "--language", "nl"}, kSettingDecides).exit_code, 0);
  help = node_.Run({"help", "init"}, kSettingDecides);
  EXPECT_NE(help.out.find("Gebruik:"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("Opties:"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("Options:"), std::string::npos) << help.out;
}

TEST_F(LanguageSettingTest, TheLanguageIsKnownBeforeUnlockingAndBadValuesAreRefused) {
  ASSERT_EQ(node_.Run({"init", "--alias", "Anna", "--language", "nl"}, kSettingDecides).exit_code,
            0);
  // A wrong passphrase is told in Dutch: the setting is read without unlocking.
  KringNode wrong(node_.home(), "not the passphrase at all");
  ProcessResult refused = wrong.Run({"whoami"}, kSettingDecides);
  EXPECT_EQ(refused.exit_code, 4);
  EXPECT_NE(refused.err.find("wachtwoordzin"), std::string::npos) << refused.err;
  // A language Kring does not speak: a clear error, nothing changed.
  ProcessResult bad = node_.Run({"settings", "--language", "fr"}, kSettingDecides);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("'fr'"), std::string::npos) << bad.err;
  EXPECT_NE(node_.Run({"settings"}, kSettingDecides).out.find("(nl)"), std::string::npos);
  ProcessResult odd_env = node_.Run({"settings"}, {{"KRING_LANG", "fr"}});
  EXPECT_EQ(odd_env.exit_code, 0);
  EXPECT_NE(odd_env.err.find("KRING_LANG=fr"), std::string::npos) << odd_env.err;
  // A new node without --language follows the locale; without one, English.
  KringNode dutch_locale(dir_.File("nl"));
  ProcessResult made = dutch_locale.Run({"init", "--alias", "Bram"},
                                        {{"KRING_LANG", ""}, {"LC_ALL", "nl_NL.UTF-8"}});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(dutch_locale.Run({"settings"}, {{"KRING_LANG", ""}, {"LC_ALL", "C"}}).out.find("(nl)"),
            std::string::npos);
  KringNode no_locale(dir_.File("c"));
  ASSERT_EQ(
      no_locale.Run({"init", "--alias", "Cleo"}, {{"KRING_LANG", ""}, {"LC_ALL", "C"}}).exit_code,
      0);
  EXPECT_NE(no_locale.Run({"settings"}, kSettingDecides).out.find("(en)"), std::string::npos);
  // No node: the settings command says so.
  KringNode none(dir_.File("none"));
  EXPECT_EQ(none.Run({"settings", "--language", "en"}, kSettingDecides).exit_code, 1);
}

}  // namespace
}  // namespace kring
