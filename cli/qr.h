// A QR code for the terminal (libqrencode), so that an invitation can be scanned from a screen.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kring::cli {

// `text` as a QR code drawn with Unicode half blocks, two modules per character row, light on
// dark as `qrencode -t UTF8` draws it (it scans on dark and light terminals alike), with a
// quiet zone of two modules. nullopt when the text does not fit in a QR code.
std::optional<std::string> RenderQrCode(std::string_view text);

}  // namespace kring::cli
