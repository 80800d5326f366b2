#include "cli/qr.h"

#include <gtest/gtest.h>

#include <vector>

namespace kring::cli {
namespace {

// The drawing read back into modules (true = dark): each character holds two rows.
std::vector<std::vector<bool>> Modules(const std::string& drawn) {
  std::vector<std::vector<bool>> rows;
  size_t start = 0;
  while (start < drawn.size()) {
    const size_t end = drawn.find('\n', start);
    const std::string line = drawn.substr(start, end - start);
    start = end + 1;
    std::vector<bool> top, bottom;
    for (size_t i = 0; i < line.size();) {
      if (line[i] == ' ') {
        top.push_back(true);
        bottom.push_back(true);
        ++i;
        continue;
      }
      const std::string glyph = line.substr(i, 3);
      i += 3;
      top.push_back(!(glyph == "\u2588" || glyph == "\u2580"));
      bottom.push_back(!(glyph == "\u2588" || glyph == "\u2584"));
    }
    rows.push_back(top);
    rows.push_back(bottom);
  }
  return rows;
}

// The 7x7 finder pattern: a dark ring, a light ring, a dark 3x3 centre.
bool FinderAt(const std::vector<std::vector<bool>>& m, size_t x0, size_t y0) {
  for (size_t y = 0; y < 7; ++y) {
    for (size_t x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (m[y0 + y][x0 + x] != (ring || centre)) return false;
    }
  }
  return true;
}

TEST(QrCodeTest, DrawsAScannableSymbolWithItsThreeFinderPatterns) {
  const auto drawn =
      RenderQrCode("kring-join1:CiIKIBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTI");
  ASSERT_TRUE(drawn.has_value());
  const auto m = Modules(*drawn);
  const size_t width = m.front().size();
  for (const auto& row : m) EXPECT_EQ(row.size(), width);
  const size_t quiet = 2;
  const size_t symbol = width - 2 * quiet;
  EXPECT_EQ((symbol - 21) % 4, 0u) << symbol;  // QR sizes are 21 + 4k modules
  EXPECT_TRUE(FinderAt(m, quiet, quiet));
  EXPECT_TRUE(FinderAt(m, quiet + symbol - 7, quiet));
  EXPECT_TRUE(FinderAt(m, quiet, quiet + symbol - 7));
  EXPECT_FALSE(FinderAt(m, quiet + symbol - 7, quiet + symbol - 7));  // no fourth
  EXPECT_FALSE(RenderQrCode(std::string(8000, 'x')).has_value());     // beyond a QR code's size
}

}  // namespace
}  // namespace kring::cli
