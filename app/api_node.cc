// The node's own routes: state, unlock, lock, the texts of the pages, settings, name lists.
#include "app/web_server.h"
#include "cli/context.h"
#include "core/anonymise/name_lists.h"
#include "core/base/ascii.h"
#include "core/crypto/identity.h"
#include "core/i18n/messages.h"
#include "core/store/name_list_store.h"
#include "proto/app.pb.h"

namespace kring::app {
namespace {

using i18n::Tr;

constexpr int kMinLockMinutes = 1;
constexpr int kMaxLockMinutes = 24 * 60;

void Reply(httplib::Response& res, int status, const google::protobuf::Message& message) {
  res.status = status;
  res.set_content(ToJson(message), "application/json");
}

pb::app::Done DoneWith(const std::string& message) {
  pb::app::Done done;
  done.set_message(message);
  return done;
}

pb::app::AppState StateOf(WebApp& app, const httplib::Request& req) {
  pb::app::AppState state;
  state.set_has_node(app.host().has_node());
  state.set_home(app.host().home());
  state.set_language(std::string(LanguageCode(i18n::CurrentLanguage())));
  state.set_lock_minutes(static_cast<int32_t>(app.host().lock_after().count() / 60));
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  if (auto session = app.guard().Authenticate(req.get_header_value("Cookie"), Clock::now())) {
    state.set_csrf(session->csrf);
  }
  auto who = app.host().OnNode<std::pair<std::string, std::string>>(
      [](NodeSession& s) { return std::make_pair(s.node.alias(), s.node.fingerprint()); });
  state.set_unlocked(who.has_value());
  if (who) {
    state.set_alias(who->first);
    state.set_fingerprint(who->second);
  }
  return state;
}

// Every text of the pages (the "web." messages), in the node's language (or the one the first
// run's page is choosing).
pb::app::Catalogue PageTexts(Language language) {
  pb::app::Catalogue catalogue;
  const i18n::Messages& messages = i18n::Messages::Of(language);
  catalogue.set_language(std::string(LanguageCode(messages.language())));
  for (const auto& [id, entry] : messages.entries()) {
    if (!id.starts_with("web.") && !id.starts_with("case.section.") &&
        !id.starts_with("focus.label.")) {
      continue;
    }
    if (entry.plural()) {
      (*catalogue.mutable_one())[id] = entry.one;
      (*catalogue.mutable_other())[id] = entry.other;
    } else {
      (*catalogue.mutable_text())[id] = entry.text;
    }
  }
  return catalogue;
}

pb::app::NameListsView ListsView(const pb::NameLists& lists) {
  pb::app::NameListsView view;
  view.mutable_always_remove()->CopyFrom(lists.always_remove());
  view.mutable_always_keep()->CopyFrom(lists.allow());
  return view;
}

}  // namespace

void AddNodeRoutes(Api& api, WebApp& app) {
  httplib::Server& server = app.server();
  server.Get("/api/state", [&app](const httplib::Request& req, httplib::Response& res) {
    Reply(res, 200, StateOf(app, req));
  });
  server.Post("/api/unlock", [&app](const httplib::Request& req, httplib::Response& res) {
    pb::app::UnlockRequest request;
    if (Status parsed = ParseJson(req.body, &request); !parsed.ok()) {
      Reply(res, 400, DoneWith(parsed.message()));
      return;
    }
    Status unlocked = app.host().Unlock(request.passphrase());
    WipeString(*request.mutable_passphrase());
    if (!unlocked.ok()) {
      // The same words for every wrong passphrase; Argon2id makes each guess cost a second.
      Reply(res, unlocked.code() == Code::kIntegrity ? 401 : 500,
            DoneWith(unlocked.code() == Code::kIntegrity ? Tr("web.unlock.wrong")
                                                         : unlocked.message()));
      return;
    }
    Reply(res, 200, StateOf(app, req));
  });
  // The first run, when the home holds no node yet: the page asks name, passphrase, language.
  server.Post("/api/init", [&app](const httplib::Request& req, httplib::Response& res) {
    pb::app::InitRequest request;
    if (Status parsed = ParseJson(req.body, &request); !parsed.ok()) {
      Reply(res, 400, DoneWith(parsed.message()));
      return;
    }
    std::optional<Language> language = ParseLanguageCode(request.language());
    Status made =
        language ? app.host().Create(TrimAscii(request.alias()), request.passphrase(), *language)
                 : Status::Usage(Tr("web.settings.bad_language"));
    WipeString(*request.mutable_passphrase());
    if (!made.ok()) {
      const bool theirs = made.code() == Code::kUser || made.code() == Code::kUsage;
      Reply(res, theirs ? (app.host().has_node() ? 409 : 400) : 500, DoneWith(made.message()));
      return;
    }
    Reply(res, 200, StateOf(app, req));
  });
  server.Post("/api/lock", [&app](const httplib::Request& req, httplib::Response& res) {
    app.host().Lock();
    Reply(res, 200, StateOf(app, req));
  });
  server.Get("/api/messages", [](const httplib::Request& req, httplib::Response& res) {
    std::optional<Language> asked = ParseLanguageCode(req.get_param_value("language"));
    Reply(res, 200, PageTexts(asked.value_or(i18n::CurrentLanguage())));
  });

  api.Post<pb::app::SettingsRequest, pb::app::Done>(
      "/api/settings",
      [&app](NodeSession& s, const pb::app::SettingsRequest& r) -> Result<pb::app::Done> {
        std::vector<std::string> changed;
        if (!r.language().empty()) {
          std::optional<Language> language = ParseLanguageCode(r.language());
          if (!language) return Status::Usage(Tr("web.settings.bad_language"));
          KRING_RETURN_IF_ERROR(WriteNodeSetting(s.node.store(), "language", r.language()));
          // Every page's text and every message from here on (the app speaks one language).
          i18n::SetLanguage(*language);
        }
        if (r.lock_minutes() != 0) {
          if (r.lock_minutes() < kMinLockMinutes || r.lock_minutes() > kMaxLockMinutes) {
            return Status::Usage(Tr("web.settings.bad_lock_minutes",
                                    {{"min", kMinLockMinutes}, {"max", kMaxLockMinutes}}));
          }
          KRING_RETURN_IF_ERROR(WriteNodeSetting(s.node.store(), "app.lock_minutes",
                                                 std::to_string(r.lock_minutes())));
          app.host().SetLockAfter(std::chrono::minutes(r.lock_minutes()));
        }
        if (!r.alias().empty() && r.alias() != s.node.alias()) {
          KRING_RETURN_IF_ERROR(CheckAlias(r.alias()));
          KRING_RETURN_IF_ERROR(cli::ChangeAliasEverywhere(s.node, r.alias()).status());
        }
        return DoneWith(Tr("web.settings.saved"));
      });

  api.Get<pb::app::Done, pb::app::NameListsView>(
      "/api/names", [](NodeSession& s, const pb::app::Done&) -> Result<pb::app::NameListsView> {
        KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(s.node));
        return ListsView(lists);
      });
  api.Post<pb::app::NameListChange, pb::app::NameListsView>(
      "/api/names",
      [](NodeSession& s, const pb::app::NameListChange& r) -> Result<pb::app::NameListsView> {
        KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(s.node));
        const std::vector<std::string> drop(r.drop().begin(), r.drop().end());
        if (!drop.empty()) {
          KRING_RETURN_IF_ERROR(
              RemoveFromLists(*lists.mutable_always_remove(), *lists.mutable_allow(), drop));
        }
        const std::vector<std::string> keep(r.add_keep().begin(), r.add_keep().end());
        if (!keep.empty()) {
          KRING_RETURN_IF_ERROR(
              AddToList(*lists.mutable_allow(), *lists.mutable_always_remove(), keep).status());
        }
        const std::vector<std::string> remove(r.add_remove().begin(), r.add_remove().end());
        if (!remove.empty()) {
          KRING_RETURN_IF_ERROR(
              AddToList(*lists.mutable_always_remove(), *lists.mutable_allow(), remove).status());
          // A case shareable before may now show a listed name: not shareable any more.
          KRING_RETURN_IF_ERROR(cli::WithdrawLeakingCases(s.node, s.anonymiser, lists).status());
        }
        KRING_RETURN_IF_ERROR(SaveNameLists(s.node, lists));
        return ListsView(lists);
      });
}

}  // namespace kring::app
