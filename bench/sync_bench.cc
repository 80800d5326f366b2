// sync_bench: figures for Kring's peer-to-peer sync (issue 5, part 8).
//
//   (a) reconciliation of two stores of 100k entries differing by 1% and by 10%: bytes on the
//       wire against the minimum (differing ids x 32 bytes), round trips, time;
//   (b) full sync of 100k x 1 KiB entries over loopback (added with the sync session in net/);
//   (c) peak memory of the process.
//
// Each part is a function printing its own table; main() runs them in order. The machine is
// printed first, since every figure depends on it.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto.h"
#include "core/rbsr.h"

namespace kring::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

void PrintMachine() {
  std::printf("machine: nproc=%u, cpu=%s\n\n", std::thread::hardware_concurrency(),
              CpuModel().c_str());
}

long PeakRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

// ------------------------------------------------------------------ (a) reconciliation

struct Stores {
  rbsr::VectorStorage a;
  rbsr::VectorStorage b;
  size_t differing = 0;
  std::vector<std::string> only_a;  // sorted
  std::vector<std::string> only_b;  // sorted
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
  }
  for (size_t i = 0; i < differing / 2; ++i) {
    uint64_t ts = random_item(&id);
    (void)stores.a.Insert(ts, id);
    stores.only_a.push_back(id);
    ts = random_item(&id);
    (void)stores.b.Insert(ts, id);
    stores.only_b.push_back(id);
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
  f.have = have.size();
  f.need = need.size();
  std::sort(have.begin(), have.end());
  std::sort(need.begin(), need.end());
  f.ok = have == stores.only_a && need == stores.only_b;
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
  std::printf("(a) reconciliation, two stores of %zu entries each (Negentropy V1, in process)\n",
              kStoreSize);
  std::printf("    minimum = differing ids x 32 bytes; bytes = all messages, both directions\n");
  for (double fraction : {0.01, 0.10}) {
    const size_t differing = static_cast<size_t>(kStoreSize * fraction);
    const Clock::time_point setup_start = Clock::now();
    Stores stores = MakeStores(kStoreSize, differing, 42 + differing);
    const double setup_ms = MillisecondsSince(setup_start);
    const uint64_t minimum = differing * rbsr::kIdSize;
    std::printf("\n  %.0f%% different: %zu ids differ (%zu on each side), minimum %llu bytes; "
                "building+sealing both stores took %.0f ms\n",
                fraction * 100, differing, differing / 2,
                static_cast<unsigned long long>(minimum), setup_ms);
    std::printf("  %-34s %12s %10s %8s %7s %10s %s\n", "splitting", "bytes", "x minimum",
                "up/down", "rounds", "time ms", "result");
    for (const Variant& v : Variants()) {
      Figures f = Reconcile(stores, v.options);
      const uint64_t total = f.bytes_up + f.bytes_down;
      std::printf("  %-34s %12llu %10.2f %3.0f/%-3.0f%% %7zu %10.1f %s\n", v.name,
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
// Part (b) needs the secure channel and sync session from net/ and is added with them.

// ------------------------------------------------------------------ (c) memory

void PartC() {
  std::printf("(c) peak resident memory of this process: %.1f MiB (getrusage ru_maxrss)\n",
              static_cast<double>(PeakRssKib()) / 1024.0);
}

}  // namespace
}  // namespace kring::bench

int main() {
  if (!kring::InitCrypto()) {
    std::fprintf(stderr, "sync_bench: could not initialise libsodium\n");
    return 4;
  }
  kring::bench::PrintMachine();
  kring::bench::PartA();
  kring::bench::PartC();
  return 0;
}
