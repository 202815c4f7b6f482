// The PostgreSQL tests' own main: they need the server scripts/postgres.sh starts. Without it
// they say so and exit 77, which ctest reports as "Skipped" (never a silent pass).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  if (std::getenv("ITSM_TEST_POSTGRES_URI") == nullptr) {
    std::cerr << "SKIPPED: no PostgreSQL server (ITSM_TEST_POSTGRES_URI is not set). Run the tests through "
                 "'scripts/postgres.sh run ctest …' or 'scripts/dev.sh test', which start a throwaway server.\n";
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
