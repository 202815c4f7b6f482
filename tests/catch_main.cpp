// The single Catch2 main shared by all itsm test programs.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
