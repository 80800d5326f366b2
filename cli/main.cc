#include "cli/app.h"

int main(int argc, char** argv) { return kring::cli::Run(argc, argv); }
