// The local agent: a running node (kring app, kring serve) hands its store key to kring commands
// of the same user, over a Unix socket in the node's home (<home>/agent.sock, mode 0600 in a 0700
// folder, and the peer's user id checked with SO_PEERCRED), so the coach unlocks once per
// session. `kring lock` asks it to lock. docs/security.md "Unlocked once" has the threat model.
//
// One frame each way: a 4-byte big-endian length and a protobuf (proto/agent.proto), at most
// 1 KiB; anything else closes the connection.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/local/stream_protocol.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/base/status.h"
#include "core/crypto/crypto.h"

namespace kring {

std::string AgentSocketPath(const std::string& home);

struct AgentHooks {
  // The store key while unlocked, else nullopt. Called on the agent's executor.
  std::function<std::optional<SecretBytes>()> store_key;
  // `kring lock`.
  std::function<void()> lock;
};

class AgentListener : public std::enable_shared_from_this<AgentListener> {
 public:
  // Binds <home>/agent.sock. A socket file left by a node that is gone is replaced; one that
  // answers (another node of this home runs) fails with kUser.
  static Result<std::shared_ptr<AgentListener>> Open(asio::any_io_executor executor,
                                                     const std::string& home, AgentHooks hooks);
  ~AgentListener();
  asio::awaitable<void> Run();  // until Stop()
  void Stop();                  // stops and removes the socket file

 private:
  AgentListener(asio::local::stream_protocol::acceptor acceptor, std::string path,
                AgentHooks hooks);
  asio::awaitable<void> Answer(asio::local::stream_protocol::socket socket);

  asio::local::stream_protocol::acceptor acceptor_;
  std::string path_;
  AgentHooks hooks_;
  bool stopped_ = false;
};

// What a command learns from the running node of `home`.
struct AgentAnswer {
  bool reached = false;   // a node of this user answered
  bool unlocked = false;  // ... and was unlocked
  std::optional<SecretBytes> store_key;
};

// Asks the running node of `home` for its store key (or, with `lock`, to lock). Never blocks
// longer than about two seconds; no node, or one of another user, is reached == false.
AgentAnswer AskAgent(const std::string& home, bool lock = false);

}  // namespace kring
