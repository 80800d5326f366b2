// Fuzzes the case template parser: any bytes a coach's file may hold.
#include <cstdint>
#include <string_view>

#include "core/cases/case_template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = kring::ParseCaseTemplate(text);
  if (parsed.ok()) {
    // What parses must render and parse again to the same case.
    auto again = kring::ParseCaseTemplate(kring::RenderCaseTemplate(*parsed, false));
    if (!again.ok() || again->SerializeAsString() != parsed->SerializeAsString()) __builtin_trap();
  }
  return 0;
}
