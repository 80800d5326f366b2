// kring app: the node (as kring serve runs it) plus the local web app a coach uses day to day.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace kring::app {

void RegisterAppCommand(CLI::App& app, cli::Context& ctx);

}  // namespace kring::app
