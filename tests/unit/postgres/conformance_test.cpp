// The conformance kit against the PostgreSQL adapter on the real server: one PostgreSQL schema
// per store name, so every name starts empty and reopening it finds what was committed.
#include "itsm/testing/conformance.hpp"
#include "support.hpp"

ITSM_STORAGE_CONFORMANCE_TESTS("postgresql", [](const std::string& name) { return pg_test::open_store(name); })
