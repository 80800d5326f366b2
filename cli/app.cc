#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "core/crypto.h"

namespace kring::cli {

int Run(int argc, char** argv) {
  if (!InitCrypto()) {
    std::cerr << "kring: the system's random number source is unavailable\n";
    return 4;
  }
  CLI::App app{"Kring: peer intervision for coaches"};
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}

}  // namespace kring::cli
