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

namespace kring::cli {

Result<std::unique_ptr<Node>> Context::OpenNode() const {
  KRING_ASSIGN_OR_RETURN(std::string home, Home());
  if (::access(DatabasePath(home).c_str(), F_OK) != 0) {
    return Status::User("there is no Kring node in " + home + " yet: create one with `kring init`");
  }
  KRING_ASSIGN_OR_RETURN(SecretBytes passphrase,
                         ReadPassphrase("Passphrase for " + home + ": ", /*confirm=*/false));
  return Node::Open(home, passphrase.view());
}

std::string JsonString(std::string_view s) { return JsonQuote(s); }

namespace {

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
  *error = "unknown command '" + path + word + "'" +
           (meant ? " — did you mean '" + path + *meant + "'?" : "");
  return nullptr;
}

bool TakesPositionals(CLI::App& app) {
  return !app.get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
}

// Follows the command words of argv down the tree. The first word that names no command where a
// command is expected is a typo: "unknown command 'caes' — did you mean 'case'?". CLI11 alone
// would only say that the argument was not expected.
Status CheckCommandWords(CLI::App& app, int argc, char** argv) {
  CLI::App* at = &app;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") break;
    if (word.rfind("-", 0) == 0) {
      if (word == "--home") ++i;  // the one option before a command that takes a value
      continue;
    }
    if (Subcommands(*at).empty()) break;
    std::string error;
    CLI::App* next = FindSubcommand(*at, word, path, &error);
    if (next == nullptr) {
      if (TakesPositionals(*at)) break;
      return Status::Usage(error + " (see `kring help" +
                           (path.empty() ? "" : " " + path.substr(0, path.size() - 1)) + "`)");
    }
    path += word + " ";
    at = next;
  }
  return Status::Ok();
}

// Words for the values options take, instead of CLI11's type tags ("TEXT", "INT:INT in [1 -
// 86400]"); a positional taking one or two values shows its own usage text.
class PlainFormatter : public CLI::Formatter {
 public:
  std::string make_option_usage(const CLI::Option* opt) const override {
    const std::string text = opt->get_option_text();
    if (opt->get_positional() && !text.empty() && text.front() == '[') return text;
    return CLI::Formatter::make_option_usage(opt);
  }
};

std::string ValueWord(const CLI::Option& opt) {
  static const std::map<std::string, std::string> kWords = {
      {"interval", "SECONDS"},
      {"handshake-timeout", "SECONDS"},
      {"idle-timeout", "SECONDS"},
      {"seconds", "SECONDS"},
      {"listen", "HOST:PORT"},
      {"key", "FINGERPRINT"},
      {"home", "FOLDER"},
      {"out", "FILE"},
      {"from", "FILE"},
      {"due", "YYYY-MM-DD"},
      {"since", "YYYY-MM-DD"},
      {"until", "YYYY-MM-DD"},
      {"date", "YYYY-MM-DD"},
      {"to", "MEMBER"},
      {"coach", "MEMBER"},
      {"scores", "N,N,N,N"},
      {"role", "coach|supervisor|admin"},
      {"format", "table|md|json|csv|html"},
      {"focused", "yes|partly|no"},
      {"alias", "NAME"},
      {"language", "nl|en"},
      {"answers", "REQUEST"},
  };
  const std::vector<std::string>& names = opt.get_lnames();
  const std::string name = names.empty() ? opt.get_name() : names.front();
  auto it = kWords.find(name);
  if (it != kWords.end()) return it->second;
  if (opt.get_type_name().find("INT") != std::string::npos) return "NUMBER";
  std::string word;
  for (char c : name) word.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(c)));
  return word;
}

void UsePlainWords(CLI::App& app) {
  app.formatter(std::make_shared<PlainFormatter>());
  for (CLI::Option* opt : app.get_options()) {
    const bool flag = opt->get_type_size() == 0 || opt->get_expected_max() == 0;
    if (flag || !opt->get_option_text().empty()) continue;
    if (opt->get_positional()) {
      opt->option_text(opt->get_required() ? "(required)" : "(optional)");
    } else {
      opt->option_text(ValueWord(*opt) + (opt->get_required() ? " (required)" : ""));
    }
  }
  for (CLI::App* sub : Subcommands(app)) UsePlainWords(*sub);
}

// kring help [COMMAND...]: the help of that command.
void RegisterHelp(CLI::App& app, Context& ctx) {
  auto* help = app.add_subcommand("help", "Show the help of kring or of a command");
  auto words = std::make_shared<std::vector<std::string>>();
  help->add_option("COMMAND", *words, "The command, e.g. `kring help case new`");
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

}  // namespace

int Run(int argc, char** argv) {
  // Protobuf reports malformed input (e.g. invalid UTF-8 in a peer's or a pasted text field) on
  // stderr in developer terms. Kring reports every such refusal itself, in words a coach can act
  // on; and a peer must not be able to write lines of its choosing into our logs.
  google::protobuf::SetLogHandler(nullptr);
  if (!InitCrypto()) {
    std::cerr << "kring: the system's random number source is unavailable\n";
    return 4;
  }
  CLI::App app{
      "Kring: intervision and supervision for coaches.\n"
      "Write case reflections, anonymise them, share them with your intervision group and\n"
      "review each other's work. Everything is stored encrypted on your own machine."};
  app.name("kring");
  app.require_subcommand(1);
  app.set_version_flag("--version", "kring 0.1.0");
  Context ctx;
  app.add_option("--home", ctx.home_flag,
                 "The node's folder (default: $KRING_HOME, else $XDG_DATA_HOME/kring)");
  RegisterNodeCommands(app, ctx);
  RegisterCaseCommands(app, ctx);
  RegisterGroupCommands(app, ctx);
  RegisterAnonymiseCommands(app, ctx);
  RegisterReviewCommands(app, ctx);
  RegisterSyncCommands(app, ctx);
  RegisterHelp(app, ctx);
  UsePlainWords(app);
  if (Status words = CheckCommandWords(app, argc, argv); !words.ok()) {
    std::cerr << "kring: " << words.message() << "\n";
    return words.exit_code();
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
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
