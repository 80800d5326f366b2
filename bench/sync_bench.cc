// sync_bench: figures for Kring's peer-to-peer sync (issue 5, part 8).
//
//   (a) reconciliation of two stores of 100k entries differing by 1% and by 10%: bytes on the
//       wire against the minimum (differing ids x 32 bytes), round trips, time;
//   (b) full sync of 100k x 1 KiB entries over loopback (added with the sync session in net/);
//   (c) peak memory of the process.
//
// Each part is a function printing its own table; main() runs them in order. The machine is
// printed first, since every figure depends on it.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "core/crypto/crypto.h"
#include "core/groups/entry.h"
#include "core/groups/group_book.h"
#include "core/groups/group_writer.h"
#include "core/store/node.h"
#include "core/sync/rbsr.h"
#include "core/sync/riblt.h"
#include "net/sync_session.h"
#include "tests/support/loopback_sync.h"

namespace kring::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// ------------------------------------------------------------------ (a) reconciliation

struct Stores {
  rbsr::VectorStorage a;
  rbsr::VectorStorage b;
  size_t differing = 0;
  std::vector<std::string> only_a;        // sorted
  std::vector<std::string> only_b;        // sorted
  std::vector<std::string> ids_a, ids_b;  // every id, for the rateless IBLT rows
};

// Two stores of `size` items each; `differing` ids are split evenly between "only in a" and
// "only in b". Timestamps are seconds spread over a year, as entry creation times would be.
Stores MakeStores(size_t size, size_t differing, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto random_item = [&rng](std::string* id) {
    for (char& c : *id) c = static_cast<char>(rng() & 0xff);
    return uint64_t{1'700'000'000} + rng() % (365 * 86400);
  };
  Stores stores;
  stores.differing = differing;
  const size_t common = size - differing / 2;
  std::string id(rbsr::kIdSize, '\0');
  for (size_t i = 0; i < common; ++i) {
    uint64_t ts = random_item(&id);
    (void)stores.a.Insert(ts, id);
    (void)stores.b.Insert(ts, id);
    stores.ids_a.push_back(id);
    stores.ids_b.push_back(id);
  }
  for (size_t i = 0; i < differing / 2; ++i) {
    uint64_t ts = random_item(&id);
    (void)stores.a.Insert(ts, id);
    stores.only_a.push_back(id);
    stores.ids_a.push_back(id);
    ts = random_item(&id);
    (void)stores.b.Insert(ts, id);
    stores.only_b.push_back(id);
    stores.ids_b.push_back(id);
  }
  std::sort(stores.only_a.begin(), stores.only_a.end());
  std::sort(stores.only_b.begin(), stores.only_b.end());
  (void)stores.a.Seal();
  (void)stores.b.Seal();
  return stores;
}

struct Figures {
  uint64_t bytes_up = 0;
  uint64_t bytes_down = 0;
  size_t round_trips = 0;
  size_t have = 0;
  size_t need = 0;
  double milliseconds = 0;
  bool ok = false;

  // Records what the client found and whether it is exactly the true difference.
  void Settle(const Stores& stores, std::vector<std::string> found_have,
              std::vector<std::string> found_need) {
    have = found_have.size();
    need = found_need.size();
    std::sort(found_have.begin(), found_have.end());
    std::sort(found_need.begin(), found_need.end());
    ok = found_have == stores.only_a && found_need == stores.only_b;
  }
};

Figures Reconcile(const Stores& stores, rbsr::ReconcilerOptions options) {
  Figures f;
  Result<rbsr::Reconciler> client = rbsr::Reconciler::Create(&stores.a, options);
  Result<rbsr::Reconciler> server = rbsr::Reconciler::Create(&stores.b, options);
  if (!client.ok() || !server.ok()) return f;
  std::vector<std::string> have;
  std::vector<std::string> need;
  const Clock::time_point start = Clock::now();
  Result<std::string> message = client->Initiate();
  if (!message.ok()) return f;
  std::string next = std::move(*message);
  while (true) {
    f.bytes_up += next.size();
    Result<std::string> reply = server->Reconcile(next);
    if (!reply.ok()) return f;
    f.bytes_down += reply->size();
    ++f.round_trips;
    Result<std::optional<std::string>> followup = client->Reconcile(*reply, &have, &need);
    if (!followup.ok()) return f;
    if (!followup->has_value()) break;
    next = std::move(**followup);
  }
  f.milliseconds = MillisecondsSince(start);
  f.Settle(stores, std::move(have), std::move(need));
  return f;
}

// The same two stores through the rateless IBLT exchange the sync session uses (core/sync/riblt.h).
// Up: the hash key (first request only) and each request's begin and count varints; down: the
// server's set size varint and the symbols.
Figures ReconcileRiblt(const Stores& stores) {
  Figures f;
  const Clock::time_point start = Clock::now();
  const std::string key = RandomBytes(riblt::kKeyBytes);
  auto server_ids = riblt::HashIds(key, stores.ids_b);
  auto client = riblt::Decoder::Create(key, stores.ids_a);
  if (!server_ids.ok() || !client.ok()) return f;
  riblt::Encoder server(std::move(server_ids).value());
  while (!client->done()) {
    auto request = client->NextRequest();
    if (!request.ok()) return f;
    f.bytes_up += (f.round_trips == 0 ? riblt::kKeyBytes : 0) +
                  rbsr::EncodeVarint(request->begin).size() +
                  rbsr::EncodeVarint(request->count).size();
    std::string wire = riblt::EncodeSymbols(server.Symbols(request->begin, request->count));
    f.bytes_down += rbsr::EncodeVarint(stores.ids_b.size()).size() + wire.size();
    ++f.round_trips;
    auto symbols = riblt::DecodeSymbols(wire, request->count);
    if (!symbols.ok() || !client->Add(stores.ids_b.size(), *symbols).ok()) return f;
  }
  f.milliseconds = MillisecondsSince(start);
  f.Settle(stores, client->have(), client->need());
  return f;
}

struct Variant {
  const char* name;
  rbsr::ReconcilerOptions options;
};

std::vector<Variant> Variants() {
  auto make = [](uint64_t buckets, uint64_t threshold, uint64_t limit) {
    rbsr::ReconcilerOptions o;
    o.buckets = buckets;
    o.id_list_threshold = threshold;
    o.frame_size_limit = limit;
    return o;
  };
  return {
      {"reference (16 buckets, list <32)", make(16, 32, 0)},
      {"reference + 64 KiB frames", make(16, 32, 65536)},
      {"16 buckets, list <16", make(16, 16, 0)},
      {"8 buckets, list <8 (Kring sync)", rbsr::SyncTunedOptions()},
      {"Kring sync + 64 KiB frames", rbsr::SyncTunedOptions(65536)},
      {"4 buckets, list <4", make(4, 4, 0)},
      {"4 buckets, list <8", make(4, 8, 0)},
      {"3 buckets, list <3", make(3, 3, 0)},
      {"2 buckets, list <2", make(2, 2, 0)},
  };
}

void PartA() {
  constexpr size_t kStoreSize = 100'000;
  std::printf("(a) reconciliation, two stores of %zu entries each (in process)\n", kStoreSize);
  std::printf("    minimum = differing ids x 32 bytes; bytes = all messages, both directions\n");
  for (double fraction : {0.01, 0.10}) {
    const size_t differing = static_cast<size_t>(kStoreSize * fraction);
    const Clock::time_point setup_start = Clock::now();
    Stores stores = MakeStores(kStoreSize, differing, 42 + differing);
    const double setup_ms = MillisecondsSince(setup_start);
    const uint64_t minimum = differing * rbsr::kIdSize;
    std::printf(
        "\n  %.0f%% different: %zu ids differ (%zu on each side), minimum %llu bytes; "
        "building+sealing both stores took %.0f ms\n",
        fraction * 100, differing, differing / 2, static_cast<unsigned long long>(minimum),
        setup_ms);
    std::printf("  %-34s %12s %10s %8s %7s %10s %s\n", "splitting", "bytes", "x minimum", "up/down",
                "rounds", "time ms", "result");
    std::vector<std::pair<std::string, Figures>> rows;
    for (const Variant& v : Variants()) rows.emplace_back(v.name, Reconcile(stores, v.options));
    rows.emplace_back("rateless IBLT (Kring sync)", ReconcileRiblt(stores));
    for (const auto& [name, f] : rows) {
      const uint64_t total = f.bytes_up + f.bytes_down;
      std::printf("  %-34s %12llu %10.2f %3.0f/%-3.0f%% %7zu %10.1f %s\n", name.c_str(),
                  static_cast<unsigned long long>(total),
                  static_cast<double>(total) / static_cast<double>(minimum),
                  100.0 * static_cast<double>(f.bytes_up) / static_cast<double>(total),
                  100.0 * static_cast<double>(f.bytes_down) / static_cast<double>(total),
                  f.round_trips, f.milliseconds, f.ok ? "exact" : "WRONG");
    }
  }
  std::printf("\n");
}

// ------------------------------------------------------------------ (b) full sync
// Two in-process nodes in temporary homes, synced once (tests/support/loopback_sync.h): the sender
// holds one group with `count` entries of about 1 KiB (one case and reviews of it, written with
// group_writer), the receiver starts empty and joins through the sync itself. The same payload
// bytes are then pushed over raw loopback TCP, and sealed with XChaCha20-Poly1305 on one core.

struct TempHome {
  TempHome() {
    char pattern[] = "/tmp/kring-bench-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempHome() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

constexpr char kBenchPass[] = "bench passphrase that is long";

std::unique_ptr<Node> MakeNode(const std::string& home, const std::string& alias) {
  auto node = Node::Init(home + "/node", kBenchPass, alias);
  if (!node.ok()) {
    std::fprintf(stderr, "sync_bench: %s\n", node.status().message().c_str());
    std::exit(1);
  }
  return std::move(node).value();
}

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "sync_bench: %s\n", r.status().message().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}
void Must(Status s) {
  if (!s.ok()) {
    std::fprintf(stderr, "sync_bench: %s\n", s.message().c_str());
    std::exit(1);
  }
}

// Fills the sender's group, 5000 entries at a time (so that generating does not set the peak
// memory); returns the serialized size of its content entries (the few chain entries aside).
uint64_t FillGroup(Node& sender, const std::string& group_id, size_t count) {
  GroupBook book(sender);
  LoadedGroup group = Must(book.Load(group_id));
  pb::CaseReflection reflection;
  reflection.set_title("Bench case");
  reflection.set_situation(std::string(900, 's'));
  pb::Entry shared =
      Must(ShareCase(group.ledger, group.keys, book.Me(), sender.signing_secret_key(), reflection,
                     static_cast<uint64_t>(NowMillis())));
  Must(book.Append(group, {shared}));
  uint64_t bytes = shared.ByteSizeLong();
  const std::string case_id = EntryId(shared);
  pb::ReviewBody review;
  review.set_reflection_on_action(4);
  review.set_context_versus_choices(3);
  review.set_learning_from_experience(4);
  review.set_self_direction(5);
  review.set_focused(pb::FOCUSED_YES);
  review.set_strengths(std::string(900, 'r'));
  const size_t chunk = 5000;
  for (size_t done = 1; done < count;) {
    std::vector<pb::Entry> entries;
    for (; done < count && entries.size() < chunk; ++done) {
      entries.push_back(
          Must(WriteReview(group.ledger, group.keys, book.Me(), sender.signing_secret_key(),
                           case_id, review, static_cast<uint64_t>(NowMillis()))));
    }
    for (const pb::Entry& entry : entries) bytes += entry.ByteSizeLong();
    Must(book.Append(group, entries));
  }
  return bytes;
}

double XChaChaMiBps(uint64_t total, size_t message) {
  SecretBytes key = RandomSecret(kAeadKeyBytes);
  const std::string payload(message, 'k');
  const auto start = Clock::now();
  size_t sink = 0;
  for (uint64_t done = 0; done < total; done += message) {
    sink += AeadSeal(key, payload, "ad").size();
  }
  const double seconds = MillisecondsSince(start) / 1000.0;
  if (sink == 0) std::abort();
  return static_cast<double>(total) / seconds / (1 << 20);
}

// Ed25519 verifications per second on one core, reported as MiB/s of 1 KiB entries: every entry
// that arrives must be verified, so this is the ceiling of a single-threaded import.
double VerifyMiBps(size_t entry_bytes) {
  SigningKeyPair keys = GenerateSigningKeyPair();
  const std::string message(200, 'h');  // an entry header is about this size
  const std::string signature = Sign(keys.secret_key, message);
  const int rounds = 5000;
  const auto start = Clock::now();
  int ok = 0;
  for (int i = 0; i < rounds; ++i) ok += VerifySignature(keys.public_key, message, signature);
  const double seconds = MillisecondsSince(start) / 1000.0;
  if (ok != rounds) std::abort();
  return rounds / seconds * static_cast<double>(entry_bytes) / (1 << 20);
}

void PartB(size_t count) {
  std::printf("(b) full sync of %zu entries (~1 KiB each) over loopback, two in-process nodes\n",
              count);
  TempHome home_a, home_b;
  std::unique_ptr<Node> a = MakeNode(home_a.path, "sender");
  std::unique_ptr<Node> b = MakeNode(home_b.path, "receiver");
  GroupBook book_a(*a);
  const std::string group_id = Must(book_a.Create("Bench"));
  {
    LoadedGroup group = Must(book_a.Load(group_id));
    pb::PublicIdentity receiver;
    receiver.set_signing_public_key(b->signing_public_key());
    receiver.set_sealing_public_key(b->sealing_public_key());
    receiver.set_alias("receiver");
    auto entries = Must(AddMember(group.ledger, group.keys, book_a.Me(), a->signing_secret_key(),
                                  receiver, pb::ROLE_COACH, static_cast<uint64_t>(NowMillis())));
    Must(book_a.Append(group, entries));
  }
  auto fill_start = Clock::now();
  const uint64_t bytes = FillGroup(*a, group_id, count);
  std::printf("  generated and stored %zu entries (%.1f MiB) in %.1f s\n", count,
              static_cast<double>(bytes) / (1 << 20), MillisecondsSince(fill_start) / 1000.0);

  const double rss_before = PeakRssMiB();
  const auto start = Clock::now();
  const Result<SyncReport> outcome = testing::SyncOnceOverLoopback(*a, {}, *b, {});
  const double sync_ms = MillisecondsSince(start);
  if (!outcome.ok()) {
    std::printf("  sync FAILED: %s\n", outcome.status().message().c_str());
    return;
  }
  size_t in = 0;
  for (const auto& group : outcome->groups) in += group.entries_in;
  const double sync_mibps = static_cast<double>(bytes) / (sync_ms / 1000.0) / (1 << 20);
  const double raw = RawLoopbackTcpMiBps(bytes, 64 << 10);
  const double aead = XChaChaMiBps(bytes, 1024);
  const double aead_64k = XChaChaMiBps(bytes, 64 << 10);
  std::printf("  %-52s %10.1f MiB/s  (%zu entries stored, %.1f s)\n",
              "full sync (reconcile, transfer, verify, store)", sync_mibps, in, sync_ms / 1000.0);
  std::printf("  %-52s %10.1f MiB/s  -> sync is %.1f%% of it\n",
              "raw loopback TCP, same bytes, 64 KiB writes", raw, 100.0 * sync_mibps / raw);
  std::printf("  %-52s %10.1f MiB/s\n", "XChaCha20-Poly1305 seal, one core, 1 KiB messages", aead);
  std::printf("  %-52s %10.1f MiB/s\n", "XChaCha20-Poly1305 seal, one core, 64 KiB messages",
              aead_64k);
  std::printf("  %-52s %10.1f MiB/s\n", "Ed25519 verify, one core, as 1.1 KiB entries/s",
              VerifyMiBps(bytes / count));
  std::printf("  peak RSS before the sync %.1f MiB, after %.1f MiB\n\n", rss_before, PeakRssMiB());
}

// ------------------------------------------------------------------ (c) memory

void PartC() {
  std::printf("(c) ");
  PrintPeakRss();
}

}  // namespace
}  // namespace kring::bench

// Usage: sync_bench [ENTRIES for part (b), default 100000] [a|b: run only part (a) or (b)]
int main(int argc, char** argv) {
  if (!kring::InitCrypto()) {
    std::fprintf(stderr, "sync_bench: could not initialise libsodium\n");
    return 4;
  }
  kring::bench::PrintMachine();
  std::printf("\n");
  const size_t entries = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100'000;
  if (entries < 2 || entries > 10'000'000) {
    std::fprintf(stderr, "usage: sync_bench [ENTRIES for the full sync, 2..10000000]\n");
    return 2;
  }
  // `sync_bench N b` runs part (b) alone (for profiling it).
  const std::string only = argc > 2 ? argv[2] : "";
  if (only != "b") kring::bench::PartA();
  if (only != "a") kring::bench::PartB(entries);
  kring::bench::PartC();
  return 0;
}
