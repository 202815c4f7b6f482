// Helpers for the SQLite adapter's own tests: per-test files under ITSM_TEST_TMPDIR, file
// snapshots, the CI/incident kinds used by the crash and concurrency tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "itsm/storage/schema.hpp"

namespace sqlite_test {

// This run's directory "<tmp>/sqlite-<pid>", removed when the test program exits normally.
inline const std::filesystem::path& run_dir() {
  struct dir {
    std::filesystem::path path = std::filesystem::path(ITSM_TEST_TMPDIR) / ("sqlite-" + std::to_string(::getpid()));
    dir() { std::filesystem::create_directories(path); }
    ~dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const dir d;
  return d.path;
}

// A fresh path "<run_dir>/<name>.db" with no leftovers (db, -wal, -shm, -journal).
inline std::string fresh_path(const std::string& name) {
  const auto path = (run_dir() / (name + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix);
  return path;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Forks `n` child processes that block on a pipe until all exist, then run body(p) at once (a
// rendezvous, not a sleep); each child exits with body's result (0 = success; an escaping
// exception is 3, a broken rendezvous 5). Returns each child's exit code, -1 if it did not exit.
inline std::vector<int> run_processes_at_once(int n, const std::function<int(int)>& body) {
  int go[2];
  if (::pipe(go) != 0) return std::vector<int>(static_cast<std::size_t>(n), -1);
  std::vector<pid_t> children;
  for (int p = 0; p < n; ++p) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(go[1]);
      char c;
      int code = ::read(go[0], &c, 1) == 0 ? 0 : 5;  // returns when the parent closes the pipe
      try {
        if (code == 0) code = body(p);
      } catch (...) {
        code = 3;
      }
      ::_exit(code);
    }
    children.push_back(pid);
  }
  ::close(go[0]);
  ::close(go[1]);  // release them all at once
  std::vector<int> codes;
  for (const pid_t pid : children) {
    int status = 0;
    codes.push_back(pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  return codes;
}

inline itsm::storage::schema ci_schema() {
  itsm::storage::schema s;
  s.kind = "ci";
  s.fields = {{"name", itsm::value_type::text, false},
              {"status", itsm::value_type::text, true},
              {"version", itsm::value_type::integer, true},
              {"updated", itsm::value_type::time, true}};
  s.indexes = {{"by_status", {"status"}}};
  return s;
}

inline itsm::storage::schema incident_schema() {
  itsm::storage::schema s;
  s.kind = "incident";
  s.fields = {{"title", itsm::value_type::text, false},
              {"ci", itsm::value_type::text, true},
              {"priority", itsm::value_type::integer, true},
              {"major", itsm::value_type::boolean, true},
              {"opened", itsm::value_type::time, true},
              {"impact", itsm::value_type::real, true}};
  s.indexes = {{"by_ci", {"ci"}}, {"by_priority_opened", {"priority", "opened"}}};
  return s;
}

}  // namespace sqlite_test
