#include "cli/app.h"

#include <google/protobuf/stubs/logging.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <map>

#include "cli/context.h"
#include "cli/terminal.h"
#include "core/base/json.h"
#include "core/base/suggest.h"
#include "core/crypto/crypto.h"
#include "core/i18n/messages.h"
#include "net/agent.h"

namespace kring::cli {

using i18n::Tr;

Result<std::unique_ptr<Node>> Context::OpenNode() const {
  KRING_ASSIGN_OR_RETURN(std::string home, Home());
  if (::access(DatabasePath(home).c_str(), F_OK) != 0) {
    return Status::User(Tr("app.no_node", {{"home", home}}));
  }
  // Unlocked once: a running node of this user (kring app, kring serve) hands over its key.
  if (AgentAnswer agent = AskAgent(home); agent.store_key) {
    auto node = Node::OpenWithStoreKey(home, *agent.store_key);
    if (node.ok()) return node;
  }
  KRING_ASSIGN_OR_RETURN(
      SecretBytes passphrase,
      ReadPassphrase(Tr("app.passphrase_for", {{"home", home}}), /*confirm=*/false));
  return Node::Open(home, passphrase.view());
}

std::string JsonString(std::string_view s) { return JsonQuote(s); }

namespace {

const std::string kHelpCommand = "kring help";  // i18n-ok: a command

std::vector<CLI::App*> Subcommands(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

// The subcommand of `at` named `word`; nullptr with *error saying "unknown command 'PATHWORD'"
// and the closest name when none is.
CLI::App* FindSubcommand(CLI::App& at, const std::string& word, const std::string& path,
                         std::string* error) {
  std::vector<std::string> names;
  for (CLI::App* sub : Subcommands(at)) {
    if (sub->check_name(word)) return sub;
    names.push_back(sub->get_name());
  }
  const std::optional<std::string> meant = ClosestMatch(word, names);
  *error =
      meant ? Tr("app.unknown_command_meant", {{"command", path + word}, {"meant", path + *meant}})
            : Tr("app.unknown_command", {{"command", path + word}});
  return nullptr;
}

bool TakesPositionals(CLI::App& app) {
  return !app.get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
}

// Follows the command words of argv down the tree: the command reached ("case new") and the
// first word that names no command where a command is expected, with FindSubcommand's message.
struct CommandWalk {
  CLI::App* at;
  std::string path;
  std::string unknown;
  std::string error;
};

CommandWalk WalkCommandWords(CLI::App& app, int argc, char** argv) {
  CommandWalk walk{&app, "", "", ""};
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") break;
    if (word.rfind("-", 0) == 0) {
      if (word == "--home") ++i;  // the one option before a command that takes a value
      continue;
    }
    if (Subcommands(*walk.at).empty()) break;
    CLI::App* next =
        FindSubcommand(*walk.at, word, walk.path.empty() ? "" : walk.path + " ", &walk.error);
    if (next == nullptr) {
      if (!TakesPositionals(*walk.at)) walk.unknown = word;
      break;
    }
    walk.path += (walk.path.empty() ? "" : " ") + word;
    walk.at = next;
  }
  return walk;
}

// A word that names no command where one is expected is a typo: "unknown command 'caes' — did
// you mean 'case'?". CLI11 alone would only say that the argument was not expected.
Status CheckCommandWords(CLI::App& app, int argc, char** argv) {
  const CommandWalk walk = WalkCommandWords(app, argc, argv);
  if (walk.unknown.empty()) return Status::Ok();
  const std::string help = kHelpCommand + (walk.path.empty() ? "" : " " + walk.path);
  return Status::Usage(Tr("app.see_help", {{"error", walk.error}, {"help", help}}));
}

// Words for the values options take, instead of CLI11's type tags ("TEXT", "INT:INT in [1 -
// 86400]"), and CLI11's own labels ("Usage", "OPTIONS"), in the coach's language; a positional
// taking one or two values shows its own usage text.
class PlainFormatter : public CLI::Formatter {
 public:
  PlainFormatter() {
    label("Usage", Tr("help.label.usage"));  // i18n-ok: CLI11's label key
    label("OPTIONS", Tr("help.label.options"));
    label("SUBCOMMAND", Tr("help.label.command"));
    label("SUBCOMMANDS", Tr("help.label.commands"));
    label("Positionals", Tr("help.label.positionals"));  // i18n-ok: CLI11's label key
    label("REQUIRED", Tr("help.label.required"));
  }
  std::string make_option_usage(const CLI::Option* opt) const override {
    const std::string text = opt->get_option_text();
    if (opt->get_positional() && !text.empty() && text.front() == '[') return text;
    return CLI::Formatter::make_option_usage(opt);
  }
};

std::string ValueWord(const CLI::Option& opt) {
  // Option name -> the kind of value it takes (message help.value.<kind>).
  static const std::map<std::string, std::string> kKinds = {
      {"interval", "seconds"},
      {"handshake-timeout", "seconds"},
      {"idle-timeout", "seconds"},
      {"seconds", "seconds"},
      {"listen", "address"},
      {"key", "fingerprint"},
      {"home", "folder"},
      {"out", "file"},
      {"from", "file"},
      {"due", "date"},
      {"since", "date"},
      {"until", "date"},
      {"date", "date"},
      {"to", "member"},
      {"coach", "member"},
      {"scores", "scores"},
      {"role", "role"},
      {"format", "format"},
      {"focused", "focused"},
      {"alias", "name"},
      {"language", "language"},
      {"answers", "request"},
  };
  const std::vector<std::string>& names = opt.get_lnames();
  const std::string name = names.empty() ? opt.get_name() : names.front();
  auto it = kKinds.find(name);
  if (it != kKinds.end()) return Tr("help.value." + it->second);
  if (opt.get_type_name().find("INT") != std::string::npos) return Tr("help.value.number");
  return Tr("help.value.text");
}

void UsePlainWords(CLI::App& app) {
  app.formatter(std::make_shared<PlainFormatter>());
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_group() == "Options") opt->group(Tr("help.group.options"));  // i18n-ok: CLI11's
    const bool flag = opt->get_type_size() == 0 || opt->get_expected_max() == 0;
    if (flag || !opt->get_option_text().empty()) continue;
    if (opt->get_positional()) {
      opt->option_text(Tr(opt->get_required() ? "help.required" : "help.optional"));
    } else {
      opt->option_text(opt->get_required() ? Tr("help.value_required", {{"value", ValueWord(*opt)}})
                                           : ValueWord(*opt));
    }
  }
  for (CLI::App* sub : Subcommands(app)) {
    // i18n-ok: CLI11's default group name
    if (sub->get_group() == "Subcommands") sub->group(Tr("help.group.commands"));
    UsePlainWords(*sub);
  }
}

// CLI11's parse errors, in the coach's words: which option is missing, which word was not
// expected, which value is wrong; with the help to read.
std::string ParseErrorText(const CLI::ParseError& e, const std::string& command) {
  const std::string what = e.what();
  const std::string help = command.empty() ? kHelpCommand : kHelpCommand + " " + command;
  const auto after_colon = [&]() {
    const size_t colon = what.find(": ");
    return colon == std::string::npos ? what : what.substr(colon + 2);
  };
  std::string text;
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    const size_t is = what.find(" is required");  // i18n-ok: CLI11's own English, parsed
    // "--alias is required", "GROUP is required"; a missing command reads "A subcommand is
    // required" (several words before " is").
    if (is != std::string::npos && is > 0 && what.substr(0, is).find(' ') == std::string::npos) {
      text = Tr("help.error.option_required", {{"option", what.substr(0, is)}});
    } else {
      text = Tr("help.error.command_required");
    }
  } else if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    text = Tr("help.error.not_expected", {{"words", after_colon()}});
  } else if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr ||
             dynamic_cast<const CLI::ValidationError*>(&e) != nullptr) {
    text = Tr("help.error.bad_value", {{"detail", what}});
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    text = Tr("help.error.value_missing", {{"detail", what}});
  } else {
    text = Tr("help.error.other", {{"detail", what}});
  }
  return Tr("app.see_help", {{"error", text}, {"help", help}});
}

// kring help [COMMAND...]: the help of that command.
void RegisterHelp(CLI::App& app, Context& ctx) {
  auto* help = app.add_subcommand("help", Tr("help.help"));
  auto words = std::make_shared<std::vector<std::string>>();
  help->add_option("COMMAND", *words, Tr("help.help.command"));
  help->callback([&app, &ctx, words]() {
    ctx.action = [&app, words]() -> Status {
      CLI::App* at = &app;
      std::string path;
      for (const std::string& word : *words) {
        std::string error;
        CLI::App* next = FindSubcommand(*at, word, path, &error);
        if (next == nullptr) return Status::Usage(error);
        path += word + " ";
        at = next;
      }
      // App::help() would show the help of the command just run (help itself); the formatter
      // shows the one asked for.
      std::cout << at->get_formatter()->make_help(
          at, path.empty() ? "kring" : "kring " + path.substr(0, path.size() - 1),
          CLI::AppFormatMode::Normal);
      return Status::Ok();
    };
  });
}

// The value of --home in argv ("--home X" or "--home=X"), before CLI11 has parsed anything.
std::string HomeFlag(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--") break;
    if (word == "--home" && i + 1 < argc) return argv[i + 1];
    if (word.rfind("--home=", 0) == 0) return std::string(word.substr(7));
  }
  return "";
}

}  // namespace

namespace {

// Dutch or English from LC_ALL / LC_MESSAGES / LANG (the first one set), nullopt otherwise.
std::optional<Language> LocaleLanguage() {
  for (const char* variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') continue;
    const std::string_view v = value;
    if (v.rfind("nl", 0) == 0) return Language::kDutch;
    if (v.rfind("en", 0) == 0) return Language::kEnglish;
    return std::nullopt;  // the first one set decides, as in setlocale
  }
  return std::nullopt;
}

}  // namespace

std::optional<Language> ConfiguredLanguage(const std::string& home_flag, std::string* bad_value) {
  if (const char* env = std::getenv("KRING_LANG"); env != nullptr && *env != '\0') {
    if (auto parsed = ParseLanguageCode(env)) return *parsed;
    *bad_value = env;
  }
  if (auto home = ResolveHome(home_flag); home.ok()) {
    if (auto setting = ReadNodeSetting(*home, "language")) {
      if (auto parsed = ParseLanguageCode(*setting)) return *parsed;
    }
  }
  return LocaleLanguage();
}

int Run(int argc, char** argv, const std::vector<CommandRegistrar>& more) {
  // Protobuf reports malformed input (e.g. invalid UTF-8 in a peer's or a pasted text field) on
  // stderr in developer terms. Kring reports every such refusal itself, in words a coach can act
  // on; and a peer must not be able to write lines of its choosing into our logs.
  google::protobuf::SetLogHandler(nullptr);
  // The language first: every text from here on, --help included, is in it.
  std::string bad_language;
  i18n::SetLanguage(
      ConfiguredLanguage(HomeFlag(argc, argv), &bad_language).value_or(Language::kEnglish));
  if (!bad_language.empty()) {
    std::cerr << "kring: " << Tr("app.bad_kring_lang", {{"value", bad_language}}) << "\n";
  }
  if (!InitCrypto()) {
    std::cerr << "kring: " << Tr("app.no_random") << "\n";
    return 4;
  }
  CLI::App app{Tr("help.kring")};
  app.name("kring");
  app.require_subcommand(1);
  // Before the subcommands: each copies its parent's help flag when it is made.
  app.set_help_flag("-h,--help", Tr("help.flag.help"));
  app.set_version_flag("--version", std::string("kring 0.1.0"), Tr("help.flag.version"));
  Context ctx;
  app.add_option("--home", ctx.home_flag, Tr("help.flag.home"));
  RegisterNodeCommands(app, ctx);
  RegisterCaseCommands(app, ctx);
  RegisterGroupCommands(app, ctx);
  RegisterAnonymiseCommands(app, ctx);
  RegisterReviewCommands(app, ctx);
  RegisterSyncCommands(app, ctx);
  RegisterInviteCommands(app, ctx);
  RegisterMailboxGroupCommands(app, ctx);
  for (const CommandRegistrar& add : more) add(app, ctx);
  RegisterHelp(app, ctx);
  UsePlainWords(app);
  if (Status words = CheckCommandWords(app, argc, argv); !words.ok()) {
    std::cerr << "kring: " << words.message() << "\n";
    return words.exit_code();
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "kring: " << ParseErrorText(e, WalkCommandWords(app, argc, argv).path) << "\n";
    return 2;
  }
  if (!ctx.action) {
    std::cerr << app.help();
    return 2;
  }
  Status status = ctx.action();
  if (!status.ok()) {
    std::cerr << "kring: " << status.message() << "\n";
    return status.exit_code();
  }
  return 0;
}

}  // namespace kring::cli
