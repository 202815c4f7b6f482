// The conformance kit run against the SQLite adapter: real files in a per-run temporary
// directory, and the ":memory:" variant.
#include <unistd.h>

#include <filesystem>

#include "itsm/storage/sqlite.hpp"
#include "itsm/testing/conformance.hpp"

namespace {

// A directory of this run's store files, removed at exit.
class kit_directory {
 public:
  kit_directory()
      : path_(std::filesystem::path(ITSM_TEST_TMPDIR) / ("conformance-sqlite-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~kit_directory() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / (name + ".db")).string(); }

 private:
  std::filesystem::path path_;
};

const kit_directory& kit_dir() {
  static const kit_directory dir;
  return dir;
}

}  // namespace

ITSM_STORAGE_CONFORMANCE_TESTS("sqlite file", [](const std::string& name) {
  return itsm::storage::make_sqlite_backend(kit_dir().file(name));
})

ITSM_STORAGE_CONFORMANCE_TESTS("sqlite :memory:", [](const std::string&) {
  return itsm::storage::make_sqlite_backend(":memory:");
})
