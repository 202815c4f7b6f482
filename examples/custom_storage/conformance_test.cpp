// The storage conformance kit run against the log adapter: all it takes for an adapter author.
#define CATCH_CONFIG_MAIN
#include <filesystem>

#include "itsm/testing/conformance.hpp"
#include "log_backend.hpp"

namespace {
// The kit's store files live in one directory, emptied before and after the run.
struct kit_dir {
  std::filesystem::path path = CUSTOM_STORAGE_KIT_DIR;
  kit_dir() { std::filesystem::remove_all(path), std::filesystem::create_directories(path); }
  ~kit_dir() { std::filesystem::remove_all(path); }
} const dir;
}  // namespace

ITSM_STORAGE_CONFORMANCE_TESTS("log adapter", [](const std::string& name) {
  return custom_storage::open_log_backend((dir.path / (name + ".log")).string());
})
