// One `kring serve` under load: peers syncing concurrently (separate `kring sync` processes)
// while silent TCP connections flood the same port. Short by default; KRING_LONG_TESTS=1 runs
// the full 20 peers + 500 half-open connections (scripts/long-tests). Figures: bench/load_bench.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "core/crypto/crypto.h"
#include "tests/support/load_scenario.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

bool LongMode() {
  const char* env = std::getenv("KRING_LONG_TESTS");
  return env != nullptr && std::string(env) == "1";
}

TEST(LoadTest, ServeStaysResponsiveBoundedAndEveryPeerConverges) {
  ASSERT_TRUE(InitCrypto());
  testing::TempDir dir;
  load::LoadConfig config;
  config.kring_binary = KRING_BINARY;
  config.dir = dir.path();
  config.peers = LongMode() ? 20 : 8;
  config.half_open = LongMode() ? 500 : 200;
  config.entries_per_peer = LongMode() ? 20 : 5;
  const load::LoadFigures figures = load::RunLoadScenario(config);
  ASSERT_TRUE(figures.error.empty()) << figures.error;
  std::cout << load::DescribeFigures(figures);
  // No process hung: every sync ended by itself and the serve stopped on SIGTERM.
  EXPECT_TRUE(figures.hangs.empty()) << "where it hung is in the figures above; serve log's tail:\n"
                                     << figures.serve_log_tail;

  // Every legitimate peer got through in both rounds (retries allowed, and reported above).
  EXPECT_EQ(figures.failed_peers, 0) << figures.serve_log_tail;
  EXPECT_EQ(figures.syncs, 2 * config.peers);
  EXPECT_TRUE(figures.converged) << load::DescribeFigures(figures);
  // The flood really happened: every silent connection was accepted by the kernel.
  EXPECT_GE(figures.half_open_opened, config.half_open);
  // Bounded memory: silent connections cost a fixed, small amount each; nothing grows with the
  // flood. 256 MiB is far above what the node needs and far below an unbounded buffer per
  // connection (500 × 4 MiB frames would be 2 GiB).
  EXPECT_GT(figures.during_peak.hwm_kib, 0);
  EXPECT_LT(figures.during_peak.hwm_kib, 256 * 1024)
      << "seen once (2026-12-01, 1 of ~20 runs, not reproduced since); the serve log's tail:\n"
      << figures.serve_log_tail;
  EXPECT_EQ(figures.serve_exit_code, 0) << figures.serve_log_tail;
}

}  // namespace
}  // namespace kring
