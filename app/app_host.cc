#include "app/app_host.h"

#include <unistd.h>

#include <asio/post.hpp>

#include "cli/node_server.h"
#include "core/crypto/identity.h"
#include "core/i18n/messages.h"

namespace kring::app {

AppHost::AppHost(std::string home, cli::ServeOptions serve, std::chrono::seconds lock_after)
    : home_(std::move(home)),
      serve_(std::move(serve)),
      last_activity_(Clock::now()),
      lock_after_(lock_after) {}

AppHost::~AppHost() { Lock(); }

std::shared_ptr<AppHost::Unlocked> AppHost::Current() {
  std::lock_guard lock(mu_);
  return unlocked_;
}

bool AppHost::unlocked() { return Current() != nullptr; }

Status AppHost::Unlock(std::string_view passphrase) {
  std::lock_guard one(unlock_mu_);
  if (unlocked()) return Status::Ok();
  KRING_ASSIGN_OR_RETURN(auto node, Node::Open(home_, passphrase));
  return Start(std::move(node));
}

bool AppHost::has_node() const { return ::access(DatabasePath(home_).c_str(), F_OK) == 0; }

Status AppHost::Create(std::string_view alias, std::string_view passphrase, Language language) {
  std::lock_guard one(unlock_mu_);
  if (has_node()) return Status::User(i18n::Tr("init.exists", {{"home", home_}}));
  KRING_RETURN_IF_ERROR(CheckAlias(alias));
  KRING_RETURN_IF_ERROR(CheckNewPassphrase(passphrase));
  KRING_ASSIGN_OR_RETURN(auto node, Node::Init(home_, passphrase, std::string(alias)));
  KRING_RETURN_IF_ERROR(WriteNodeSetting(node->store(), "language", LanguageCode(language)));
  i18n::SetLanguage(language);
  KRING_RETURN_IF_ERROR(Start(std::move(node)));
  if (on_created_) on_created_();
  return Status::Ok();
}

Result<std::shared_ptr<const cli::OpenGroup>> GroupCache::Open(Node& node,
                                                               const std::string& group_id) {
  // Read before loading: a commit during the load makes the next read load again.
  KRING_ASSIGN_OR_RETURN(auto stamp, node.store().ChangeStamp());
  auto it = kept_.find(group_id);
  if (it != kept_.end() && it->second.stamp == stamp) return it->second.group;
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(cli::OpenGroup og, cli::OpenGroupById(book, group_id));
  if (kept_.size() >= kMaxKept && it == kept_.end()) kept_.clear();
  auto group = std::make_shared<const cli::OpenGroup>(std::move(og));
  kept_[group_id] = Kept{stamp, group};
  return group;
}

BuiltAuditInput& GroupCache::AuditInputOf(const std::shared_ptr<const cli::OpenGroup>& group) {
  if (!audit_input_ || audit_input_->group != group) {
    audit_input_ = KeptInput{group, GatherAuditInput(group->group, group->view, &audit_focus_)};
  }
  return audit_input_->built;
}

const AuditReport* GroupCache::FindAudit(const std::shared_ptr<const cli::OpenGroup>& group,
                                         const std::string& choice, int64_t now_ms) {
  if (!audit_ || audit_->group != group || audit_->choice != choice ||
      now_ms < audit_->built_at_ms || now_ms - audit_->built_at_ms > kAuditKeptMs) {
    return nullptr;
  }
  return &audit_->report;
}

const AuditReport& GroupCache::KeepAudit(std::shared_ptr<const cli::OpenGroup> group,
                                         std::string choice, int64_t now_ms, AuditReport report) {
  audit_ = KeptAudit{std::move(group), std::move(choice), now_ms, std::move(report)};
  return audit_->report;
}

Status AppHost::Adopt(std::unique_ptr<Node> node) {
  std::lock_guard one(unlock_mu_);
  if (unlocked()) return Status::Ok();
  return Start(std::move(node));
}

Status AppHost::Start(std::unique_ptr<Node> node) {
  auto session = std::make_shared<Unlocked>();
  KRING_ASSIGN_OR_RETURN(Anonymiser anonymiser, Anonymiser::Load());
  session->anonymiser = std::make_unique<Anonymiser>(std::move(anonymiser));
  session->node = std::move(node);
  session->server = std::make_unique<cli::NodeServer>(*session->node, serve_, *session->io);
  KRING_RETURN_IF_ERROR(session->server->Start());
  // Keeps running when idle: pages post their work.
  auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
      session->io->get_executor());
  session->thread = std::thread([session_io = session->io.get(), guard]() { session_io->run(); });
  {
    std::lock_guard lock(mu_);
    unlocked_ = std::move(session);
    last_activity_ = Clock::now();
  }
  cli::LogLine(i18n::Tr("web.log.unlocked"));
  return Status::Ok();
}

void AppHost::Lock() {
  std::shared_ptr<Unlocked> session;
  {
    std::lock_guard lock(mu_);
    session = std::move(unlocked_);
    unlocked_.reset();
  }
  if (!session) return;
  // Ends the peer sessions and the sync loop; work posted by pages that did not run yet does
  // nothing (its page is told "locked"); then the keys go with the Node.
  session->closed = true;
  asio::post(*session->io, [s = session.get()]() {
    s->server->Stop();
    s->io->stop();
  });
  if (session->thread.joinable()) session->thread.join();
  session->io->restart();
  session->io->poll();  // queued pages' work, each returning "locked" at once
  session->drained = true;
  session->server.reset();
  session->io.reset();
  session->node.reset();
  cli::LogLine(i18n::Tr("web.log.locked"));
}

void AppHost::Touch(Clock::time_point now) {
  std::lock_guard lock(mu_);
  last_activity_ = now;
}

void AppHost::LockIfIdle(Clock::time_point now) {
  bool idle = false;
  {
    std::lock_guard lock(mu_);
    idle = unlocked_ && now - last_activity_ > lock_after_;
  }
  if (idle) Lock();
}

void AppHost::SetLockAfter(std::chrono::seconds lock_after) {
  std::lock_guard lock(mu_);
  lock_after_ = lock_after;
}

std::chrono::seconds AppHost::lock_after() {
  std::lock_guard lock(mu_);
  return lock_after_;
}

std::optional<SecretBytes> AppHost::StoreKeyForAgent() {
  std::shared_ptr<Unlocked> current = Current();
  if (!current) return std::nullopt;
  Touch(Clock::now());
  // Read on the node's thread? The key is set once at unlock and never changes until the
  // Node is destroyed, which Lock() does only after taking unlocked_ away; `current` keeps it.
  return current->node->store_key_for_agent().Clone();
}

}  // namespace kring::app
