// The node behind the app: locked (nothing in memory but the home's path) or unlocked (the
// Node, its NodeServer syncing with peers, and the caches the pages use, all on one thread of
// their own). Pages run their work on that thread through OnNode, so the node is used by one
// thread at a time as everywhere else in Kring. Locking stops that thread and wipes the keys;
// it happens on "Lock", on `kring lock`, and after the idle time the coach set.
//
// The agent (net/agent.h) lives on a thread of its own for as long as the app runs: while
// unlocked it hands the store key to this user's commands, and a command's use counts as
// activity.
#pragma once

#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cli/node_server.h"
#include "cli/sharing.h"
#include "core/anonymise/anonymiser.h"
#include "core/base/status.h"
#include "core/review/audit.h"
#include "core/review/audit_input.h"
#include "core/store/node.h"
#include "core/text/language.h"

namespace kring::app {

// The groups the pages read, each loaded once (ledger checked, view built) and kept while the
// store is unchanged: any commit — a sync, a page's change, a command of this user through the
// agent — makes the next read load it again. On the node's thread only; gone when it locks.
class GroupCache {
 public:
  Result<std::shared_ptr<const cli::OpenGroup>> Open(Node& node, const std::string& group_id);
  // The last audit report, for the page's second request (it checks the choice, then shows
  // the report): found for the same choice made of the same loaded group (Open gives another
  // one after any change in the store), for a minute.
  static constexpr int64_t kAuditKeptMs = 60'000;
  const AuditReport* FindAudit(const std::shared_ptr<const cli::OpenGroup>& group,
                               const std::string& choice, int64_t now_ms);
  const AuditReport& KeepAudit(std::shared_ptr<const cli::OpenGroup> group, std::string choice,
                               int64_t now_ms, AuditReport report);
  // What the audit gathers from a group (GatherAuditInput), the same for every period and
  // coach: kept for the loaded group. The caller applies its options to it (ApplyAuditOptions
  // sets every field that depends on them).
  BuiltAuditInput& AuditInputOf(const std::shared_ptr<const cli::OpenGroup>& group);

 private:
  static constexpr size_t kMaxKept = 16;
  struct Kept {
    std::pair<int64_t, int64_t> stamp;
    std::shared_ptr<const cli::OpenGroup> group;
  };
  std::map<std::string, Kept> kept_;
  // The audit's focus analyses, kept across reloads (keyed by the shared text itself).
  AuditFocusMemo audit_focus_;
  struct KeptAudit {
    std::shared_ptr<const cli::OpenGroup> group;
    std::string choice;
    int64_t built_at_ms = 0;
    AuditReport report;
  };
  std::optional<KeptAudit> audit_;
  struct KeptInput {
    std::shared_ptr<const cli::OpenGroup> group;
    BuiltAuditInput built;
  };
  std::optional<KeptInput> audit_input_;
};

// What the pages need on the node's thread.
struct NodeSession {
  Node& node;
  cli::NodeServer& server;
  const Anonymiser& anonymiser;
  GroupCache& groups;
};

class AppHost {
 public:
  using Clock = std::chrono::steady_clock;

  AppHost(std::string home, cli::ServeOptions serve, std::chrono::seconds lock_after);
  ~AppHost();

  const std::string& home() const { return home_; }
  // Unlocks with the passphrase and starts serving peers. kIntegrity on a wrong passphrase.
  Status Unlock(std::string_view passphrase);
  // The first run: makes the node (kring init) with the alias, passphrase and language the
  // page asked for, and starts it unlocked. kUser when a node is there already.
  Status Create(std::string_view alias, std::string_view passphrase, Language language);
  // Called (on the caller's thread) once Create has made the node: `kring app` opens the
  // agent's socket then, which needs the node's home.
  void SetOnCreated(std::function<void()> on_created) { on_created_ = std::move(on_created); }
  // Whether the home holds a node (false until the first run made one).
  bool has_node() const;
  // Unlocks with a node already open (kring app run with KRING_PASSPHRASE or at the prompt).
  Status Adopt(std::unique_ptr<Node> node);
  void Lock();
  bool unlocked();
  // Locks when the coach has been away longer than the lock time. Called before each request
  // and by a timer, so an app left open locks whether or not a page asks.
  void LockIfIdle(Clock::time_point now);
  void Touch(Clock::time_point now);
  void SetLockAfter(std::chrono::seconds lock_after);
  std::chrono::seconds lock_after();

  // Runs `work` on the node's thread and waits for it; nullopt when locked (or locked meanwhile).
  template <typename T>
  std::optional<T> OnNode(std::function<T(NodeSession&)> work);

  // For the agent: the store key while unlocked.
  std::optional<SecretBytes> StoreKeyForAgent();

 private:
  struct Unlocked;
  Status Start(std::unique_ptr<Node> node);
  std::shared_ptr<Unlocked> Current();

  const std::string home_;
  const cli::ServeOptions serve_;
  std::mutex mu_;
  std::shared_ptr<Unlocked> unlocked_;
  std::function<void()> on_created_;
  std::mutex unlock_mu_;  // one unlock at a time (each costs a second of Argon2id)
  Clock::time_point last_activity_;
  std::chrono::seconds lock_after_;
};

struct AppHost::Unlocked {
  std::atomic<bool> closed{false};   // Lock() began: queued work does nothing
  std::atomic<bool> drained{false};  // ... and the thread has ended: nothing queued will run
  std::unique_ptr<Node> node;
  std::unique_ptr<Anonymiser> anonymiser;
  GroupCache groups;
  // Destroyed before the node: coroutines still suspended in it may hold the node's store.
  std::unique_ptr<asio::io_context> io = std::make_unique<asio::io_context>();
  std::unique_ptr<cli::NodeServer> server;
  std::thread thread;
};

template <typename T>
std::optional<T> AppHost::OnNode(std::function<T(NodeSession&)> work) {
  std::shared_ptr<Unlocked> current = Current();
  if (!current) return std::nullopt;
  auto task = std::make_shared<std::packaged_task<std::optional<T>()>>([current,
                                                                        work = std::move(work)]()
                                                                           -> std::optional<T> {
    if (current->closed) return std::nullopt;
    NodeSession session{*current->node, *current->server, *current->anonymiser, current->groups};
    return work(session);
  });
  std::future<std::optional<T>> result = task->get_future();
  asio::post(*current->io, [task]() { (*task)(); });
  // Posted just as the node locked, the work may never run: then the answer is "locked".
  while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
    if (current->drained) return std::nullopt;
  }
  return result.get();
}

}  // namespace kring::app
