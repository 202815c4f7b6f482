// The conformance kit run against the in-memory adapter.
#include "itsm/storage/memory.hpp"
#include "itsm/testing/conformance.hpp"

ITSM_STORAGE_CONFORMANCE_TESTS("memory", [](const std::string&) {
  return itsm::storage::make_memory_backend();
})
