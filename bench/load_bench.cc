// Load on one `kring serve`: 20 peers (separate `kring sync` processes, each its own home and a
// member of the group, each with cases of its own) sync concurrently, twice, while 500 silent
// TCP connections are held open against the same port. Prints connections, time to
// convergence, the serving node's memory (VmRSS/VmHWM from /proc) and failures/retries.
//
// Usage: load_bench [PEERS] [HALF_OPEN] [ENTRIES_PER_PEER] [PATH_TO_KRING]
// (default 20 500 20, and cli/kring next to this program's build directory).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "bench/bench_util.h"
#include "core/crypto/crypto.h"
#include "tests/support/load_scenario.h"

namespace {

std::string DefaultKring() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (self.parent_path().parent_path() / "cli" / "kring").string();
}

}  // namespace

int main(int argc, char** argv) {
  if (!kring::InitCrypto()) return 1;
  kring::load::LoadConfig config;
  if (argc > 1) config.peers = std::atoi(argv[1]);
  if (argc > 2) config.half_open = std::atoi(argv[2]);
  if (argc > 3) config.entries_per_peer = std::atoi(argv[3]);
  config.kring_binary = argc > 4 ? argv[4] : DefaultKring();
  char pattern[] = "/tmp/kring-load-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) return 1;
  config.dir = pattern;

  kring::bench::PrintMachine();
  std::printf("kring: %s\n", config.kring_binary.c_str());
  const kring::load::LoadFigures figures = kring::load::RunLoadScenario(config);
  std::error_code ec;
  std::filesystem::remove_all(config.dir, ec);
  if (!figures.error.empty()) {
    std::fprintf(stderr, "setup failed: %s\n", figures.error.c_str());
    return 1;
  }
  std::cout << kring::load::DescribeFigures(figures);
  return figures.converged && figures.failed_peers == 0 ? 0 : 1;
}
