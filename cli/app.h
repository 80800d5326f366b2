// The kring command line: parses arguments, runs a command, prints for the coach.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace kring::cli {

struct Context;
// Adds commands from a layer above cli (the app's `kring app`).
using CommandRegistrar = std::function<void(CLI::App&, Context&)>;

// Runs the command line and returns the process exit code (CONVENTIONS.md).
int Run(int argc, char** argv, const std::vector<CommandRegistrar>& more = {});

}  // namespace kring::cli
