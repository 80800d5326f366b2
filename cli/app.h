// The kring command line: parses arguments, runs a command, prints for the coach.
#pragma once

namespace kring::cli {

// Runs the command line and returns the process exit code (CONVENTIONS.md).
int Run(int argc, char** argv);

}  // namespace kring::cli
