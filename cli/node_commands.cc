// kring init, kring whoami.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/context.h"
#include "cli/terminal.h"
#include "core/base/ascii.h"
#include "core/crypto/identity.h"
#include "core/groups/group_writer.h"
#include "core/i18n/messages.h"
#include "net/agent.h"

namespace kring::cli {

using i18n::Tr;

namespace {

// The new alias on the node and then in the coach's words.
Status ChangeAlias(Node& node, const std::string& alias) {
  if (alias == node.alias()) {
    std::cout << Tr("whoami.alias_unchanged", {{"alias", alias}}) << "\n";
    return Status::Ok();
  }
  KRING_ASSIGN_OR_RETURN(std::vector<std::string> told, ChangeAliasEverywhere(node, alias));
  std::cout << Tr("whoami.alias_changed", {{"alias", alias}}) << "\n";
  if (!told.empty()) {
    std::string groups;
    for (const std::string& g : told) groups += (groups.empty() ? "" : ", ") + g;  // i18n-ok: names
    std::cout << Tr("whoami.alias_reaches", {{"groups", groups}}) << "\n";
  }
  return Status::Ok();
}

// The language for a new node: --language, else KRING_LANG or the locale (there is no setting
// yet), else asked on a terminal (in both languages), else English.
Result<Language> ChooseLanguage(const std::string& flag, const std::string& home_flag) {
  if (!flag.empty()) {
    if (auto parsed = ParseLanguageCode(flag)) return *parsed;
    return Status::Usage(Tr("init.bad_language", {{"value", flag}}));
  }
  std::string bad_value;  // already warned about by Run()
  if (auto configured = ConfiguredLanguage(home_flag, &bad_value)) return *configured;
  if (!HaveTerminal()) return Language::kEnglish;
  // Not yet known which language to ask in: ask in both.
  KRING_ASSIGN_OR_RETURN(std::string answer,
                         AskLine(Tr(Language::kDutch, "init.ask_language") + " / " +
                                 Tr(Language::kEnglish, "init.ask_language")));
  if (auto parsed = ParseLanguageCode(TrimAscii(answer))) return *parsed;
  return Status::Usage(Tr("init.bad_language", {{"value", answer}}));
}

std::string LanguageName(Language language) {
  return Tr(language == Language::kDutch ? "settings.language.nl" : "settings.language.en");
}

void RegisterSettingsCommand(CLI::App& app, Context& ctx) {
  auto* settings = app.add_subcommand("settings", Tr("settings.help"));
  auto language = std::make_shared<std::string>();
  settings->add_option("--language", *language, Tr("settings.help.language"));
  settings->footer(Tr("settings.help.footer"));
  OnRun(settings, ctx, [&ctx, language]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string home, ctx.Home());
    if (::access(DatabasePath(home).c_str(), F_OK) != 0) {
      return Status::User(Tr("app.no_node", {{"home", home}}));
    }
    if (language->empty()) {
      const auto stored = ReadNodeSetting(home, "language");
      const auto parsed = stored ? ParseLanguageCode(*stored) : std::nullopt;
      std::cout << Tr("settings.show.language",
                      {{"language", parsed ? LanguageName(*parsed) : Tr("settings.language.unset")},
                       {"code", parsed ? std::string(LanguageCode(*parsed)) : "-"}})
                << "\n";
      if (const char* env = std::getenv("KRING_LANG"); env != nullptr && *env != '\0') {
        std::cout << Tr("settings.show.override", {{"value", env}}) << "\n";
      }
      return Status::Ok();
    }
    const auto parsed = ParseLanguageCode(*language);
    if (!parsed) return Status::Usage(Tr("init.bad_language", {{"value", *language}}));
    KRING_RETURN_IF_ERROR(WriteNodeSetting(home, "language", LanguageCode(*parsed)));
    i18n::SetLanguage(*parsed);
    std::cout << Tr("settings.language_set", {{"language", LanguageName(*parsed)}}) << "\n";
    return Status::Ok();
  });
}

}  // namespace

Result<std::vector<std::string>> ChangeAliasEverywhere(Node& node, const std::string& alias) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
  KRING_ASSIGN_OR_RETURN(auto tx, node.store().Begin());
  KRING_RETURN_IF_ERROR(node.SetAlias(alias));
  std::vector<std::string> told;
  for (const std::string& id : ids) {
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    if (g.local.relay() || g.state().FindMember(node.signing_public_key()) == nullptr ||
        g.keys.empty()) {
      continue;
    }
    KRING_ASSIGN_OR_RETURN(pb::Entry entry,
                           UpdateOwnProfile(g.ledger, g.keys, book.Me(), node.signing_secret_key(),
                                            alias, static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
    told.push_back(g.Name());
  }
  KRING_RETURN_IF_ERROR(tx->Commit());
  return told;
}

void RegisterNodeCommands(CLI::App& app, Context& ctx) {
  auto* init = app.add_subcommand("init", Tr("init.help"));
  auto alias = std::make_shared<std::string>();
  auto language = std::make_shared<std::string>();
  init->add_option("--alias", *alias, Tr("init.help.alias"));
  init->add_option("--language", *language, Tr("init.help.language"));
  init->footer(Tr("init.help.footer"));
  OnRun(init, ctx, [&ctx, alias, language]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string home, ctx.Home());
    if (::access(DatabasePath(home).c_str(), F_OK) == 0) {
      return Status::User(Tr("init.exists", {{"home", home}}));
    }
    KRING_ASSIGN_OR_RETURN(Language chosen, ChooseLanguage(*language, ctx.home_flag));
    i18n::SetLanguage(chosen);  // from here on, in the coach's language
    std::string name = *alias;
    if (name.empty()) {
      // A name is the coach's choice: colleagues see it in every group.
      if (!HaveTerminal()) return Status::Usage(Tr("init.alias_needed"));
      KRING_ASSIGN_OR_RETURN(name, AskLine(Tr("init.ask_alias")));
    }
    KRING_RETURN_IF_ERROR(CheckAlias(name));
    KRING_ASSIGN_OR_RETURN(SecretBytes passphrase,
                           ReadPassphrase(Tr("init.choose_passphrase"), /*confirm=*/true));
    KRING_ASSIGN_OR_RETURN(auto node, Node::Init(home, passphrase.view(), name));
    KRING_RETURN_IF_ERROR(WriteNodeSetting(node->store(), "language", LanguageCode(chosen)));
    const Language other = chosen == Language::kDutch ? Language::kEnglish : Language::kDutch;
    std::cout << Tr("init.created", {{"home", home},
                                     {"alias", node->alias()},
                                     {"fingerprint", node->fingerprint()},
                                     {"language", LanguageName(chosen)},
                                     {"other", std::string(LanguageCode(other))}})
              << "\n";
    return Status::Ok();
  });

  // kring lock: the running node (kring app, kring serve) stops handing its key to commands;
  // the app also forgets the key and shows its unlock page.
  auto* lock = app.add_subcommand("lock", Tr("lock.help"));
  OnRun(lock, ctx, [&ctx]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string home, ctx.Home());
    const AgentAnswer answer = AskAgent(home, /*lock=*/true);
    std::cout << Tr(answer.reached ? "lock.locked" : "lock.nothing_running") << "\n";
    return Status::Ok();
  });

  auto* whoami = app.add_subcommand("whoami", Tr("whoami.help"));
  auto export_flag = std::make_shared<bool>(false);
  auto json_flag = std::make_shared<bool>(false);
  auto new_alias = std::make_shared<std::string>();
  whoami->add_option("--alias", *new_alias, Tr("whoami.help.alias"));
  whoami->add_flag("--export", *export_flag, Tr("whoami.help.export"));
  whoami->add_flag("--json", *json_flag, Tr("whoami.help.json"));
  OnRun(whoami, ctx, [&ctx, export_flag, json_flag, new_alias]() -> Status {
    if (!new_alias->empty()) KRING_RETURN_IF_ERROR(CheckAlias(*new_alias));
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    if (!new_alias->empty()) return ChangeAlias(*node, *new_alias);
    pb::PublicIdentity identity =
        MakePublicIdentity(node->signing_public_key(), node->sealing_public_key(),
                           node->signing_secret_key(), node->alias());
    std::string exported = EncodePublicIdentity(identity);
    if (*export_flag) {
      std::cout << exported << "\n";
    } else if (*json_flag) {
      // i18n-ok: JSON keys
      std::cout << "{\"alias\": " << JsonString(node->alias())
                << ", \"fingerprint\": " << JsonString(node->fingerprint())
                << ", \"signing_key\": " << JsonString(ToHex(node->signing_public_key()))
                << ", \"identity\": " << JsonString(exported) << "}\n";
    } else {
      std::cout << Tr("whoami.show", {{"alias", node->alias()},
                                      {"fingerprint", node->fingerprint()},
                                      {"home", node->home()}})
                << "\n";
    }
    return Status::Ok();
  });
  RegisterSettingsCommand(app, ctx);
}

}  // namespace kring::cli
