// Throughput and handshake cost of the secure channel over loopback, next to raw loopback TCP
// moving the same bytes and libsodium's secretstream alone, all measured in this one run.
// Server and client each run their own io_context on their own thread, as two nodes would.
//
// Usage: channel_bench [MiB per run, default 256]
#include <sodium.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include "bench/bench_util.h"
#include "core/crypto/channel_cipher.h"
#include "core/crypto/crypto.h"
#include "net/listener.h"
#include "net/secure_channel.h"

namespace kring {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Identities {
  std::shared_ptr<SigningKeyPair> server =
      std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
  std::shared_ptr<SigningKeyPair> client =
      std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
  ChannelOptions For(const std::shared_ptr<SigningKeyPair>& me) const {
    ChannelOptions o;
    o.identity = me;
    o.accept_peer = [](std::string_view) { return true; };
    return o;
  }
};

// Runs `work` on a fresh io_context in the current thread and returns what it produced.
template <typename T>
T RunOn(std::function<asio::awaitable<T>()> work) {
  asio::io_context io;
  std::optional<T> out;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { out = co_await work(); }, asio::detached);
  io.run();
  return *out;
}

// A secure-channel sink server on its own thread; counts bytes per session.
class SinkServer {
 public:
  explicit SinkServer(const Identities& ids) {
    ListenerOptions options;
    options.channel = ids.For(ids.server);
    listener_ =
        Listener::Open(io_.get_executor(), {asio::ip::make_address("127.0.0.1"), 0}, options,
                       [](std::shared_ptr<SecureChannel> ch) -> asio::awaitable<void> {
                         for (;;) {
                           auto m = co_await ch->Receive();
                           if (!m.ok() || !m->has_value()) break;
                         }
                         (void)co_await ch->Close();
                       })
            .value();
    asio::co_spawn(io_, listener_->Run(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~SinkServer() {
    asio::post(io_, [this] { listener_->Stop(); });
    thread_.join();
  }
  uint16_t port() const { return listener_->local_endpoint().port(); }

 private:
  asio::io_context io_;
  std::shared_ptr<Listener> listener_;
  std::thread thread_;
};

double SecureChannelMiBps(const Identities& ids, uint16_t port, size_t total, size_t message) {
  return RunOn<double>([&]() -> asio::awaitable<double> {
    auto ch = (co_await Dial("127.0.0.1", port, ids.For(ids.client))).value();
    const std::string payload(message, 'k');
    const auto start = Clock::now();
    for (size_t sent = 0; sent < total; sent += message) {
      if (!(co_await ch->Send(payload)).ok()) std::abort();
    }
    (void)co_await ch->Close();
    auto end = co_await ch->Receive();  // the sink's goodbye: everything was read and opened
    if (!end.ok() || end->has_value()) std::abort();
    co_return total / Seconds(Clock::now() - start) / (1 << 20);
  });
}

// One core sealing then opening the same bytes with crypto_secretstream, no network.
double SecretstreamMiBps(size_t total, size_t message) {
  SecretBytes key = RandomSecret(kStreamKeyBytes);
  std::string header;
  StreamSealer sealer(key, &header);
  StreamOpener opener = StreamOpener::Create(key, header).value();
  const std::string payload(message, 'k');
  const auto start = Clock::now();
  for (size_t done = 0; done < total; done += message) {
    auto sealed = sealer.Seal(payload).value();
    if (!opener.Open(sealed).ok()) std::abort();
  }
  return total / Seconds(Clock::now() - start) / (1 << 20);
}

double HandshakesPerSecond(const Identities& ids, uint16_t port, int count) {
  return RunOn<double>([&]() -> asio::awaitable<double> {
    const auto start = Clock::now();
    for (int i = 0; i < count; ++i) {
      auto ch = (co_await Dial("127.0.0.1", port, ids.For(ids.client))).value();
      (void)co_await ch->Close();
      (void)co_await ch->Receive();
    }
    co_return count / Seconds(Clock::now() - start);
  });
}

}  // namespace
}  // namespace kring

int main(int argc, char** argv) {
  using namespace kring;
  if (!InitCrypto()) return 1;
  const size_t mib = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 256;
  const size_t total = mib << 20;
  bench::PrintMachine();
  std::printf(
      "moving %zu MiB per measurement over 127.0.0.1, sender and receiver on separate "
      "threads\n\n",
      mib);
  Identities ids;
  SinkServer server(ids);
  std::printf("handshakes (dial + 4 messages + goodbye), sequential: %.0f per second\n\n",
              HandshakesPerSecond(ids, server.port(), 500));
  std::printf("%-10s %14s %14s %16s %12s\n", "message", "raw TCP MiB/s", "channel MiB/s",
              "secretstream MiB/s", "channel/raw");
  for (size_t message : {size_t{4} << 10, size_t{64} << 10, size_t{1} << 20}) {
    const double raw = bench::RawLoopbackTcpMiBps(total, message);
    const double channel = SecureChannelMiBps(ids, server.port(), total, message);
    const double stream = SecretstreamMiBps(total, message);
    std::printf("%7zu KiB %14.0f %14.0f %16.0f %11.0f%%\n", message >> 10, raw, channel, stream,
                100.0 * channel / raw);
  }
  bench::PrintPeakRss();
  return 0;
}
