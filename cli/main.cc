#include "app/app_command.h"
#include "cli/app.h"

int main(int argc, char** argv) {
  return kring::cli::Run(argc, argv, {kring::app::RegisterAppCommand});
}
