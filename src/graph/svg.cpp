// to_svg: Graphviz's `dot -Tsvg` over temporary files, spawned without a shell (dot.hpp).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "itsm/core/error.hpp"
#include "itsm/graph/dot.hpp"

extern char** environ;

namespace itsm::graph {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Temporary files <tmp>/itsm-dot-XXXXXX{,.svg,.err}, removed when it goes out of scope.
struct temp_files {
  std::string in, out, err;
  temp_files() {
    std::string pattern = (std::filesystem::temp_directory_path() / "itsm-dot-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw_error(errc::unavailable, "to_svg: cannot create a temporary file");
    ::close(fd);
    in = pattern;
    out = pattern + ".svg";
    err = pattern + ".err";
  }
  ~temp_files() {
    std::error_code ec;
    for (const auto* p : {&in, &out, &err}) std::filesystem::remove(*p, ec);
  }
};

}  // namespace

std::string to_svg(std::string_view dot) {
  temp_files f;
  {
    std::ofstream o(f.in, std::ios::binary | std::ios::trunc);
    o.write(dot.data(), static_cast<std::streamsize>(dot.size()));
    if (!o) throw_error(errc::unavailable, "to_svg: cannot write the DOT text to " + f.in);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, f.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  std::string a0 = "dot", a1 = "-Tsvg", a3 = "-o";
  char* argv[] = {a0.data(), a1.data(), f.in.data(), a3.data(), f.out.data(), nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw_error(errc::unavailable, "to_svg: Graphviz 'dot' is not installed (apt install graphviz)");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw_error(errc::unavailable, "to_svg: lost the 'dot' process");
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    throw_error(errc::unavailable, "to_svg: Graphviz 'dot' could not be run");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    auto why = slurp(f.err);
    if (const auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
    throw_error(errc::invalid_argument, "to_svg: dot rejected the graph: " + why);
  }
  return slurp(f.out);
}

}  // namespace itsm::graph
