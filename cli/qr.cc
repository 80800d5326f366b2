#include "cli/qr.h"

#include <qrencode.h>

#include <memory>
#include <vector>

namespace kring::cli {

std::optional<std::string> RenderQrCode(std::string_view text) {
  const std::string copy(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (qr == nullptr) return std::nullopt;
  constexpr int kQuiet = 2;
  const int size = qr->width + 2 * kQuiet;
  // Dark module at (x, y), counting the quiet zone; bit 0 of each byte is "black".
  const auto dark = [&](int x, int y) {
    x -= kQuiet;
    y -= kQuiet;
    if (x < 0 || y < 0 || x >= qr->width || y >= qr->width) return false;
    return (qr->data[y * qr->width + x] & 1) != 0;
  };
  std::string out;
  for (int y = 0; y < size; y += 2) {
    for (int x = 0; x < size; ++x) {
      // Light modules are drawn (the terminal's dark background shows the dark ones).
      const bool top = !dark(x, y);
      const bool bottom = y + 1 < size ? !dark(x, y + 1) : false;
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    out += "\n";
  }
  return out;
}

}  // namespace kring::cli
