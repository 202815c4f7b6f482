// The session: store URI and actor, opening the store, small output helpers.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli.hpp"
#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"
#ifdef ITSM_CLI_POSTGRES
#include "itsm/storage/postgres.hpp"
#endif

namespace itsm::cli {
namespace {

const role_policy& policy() {
  static const role_policy p = role_policy::defaults();
  return p;
}

// The scheme of "scheme:rest" when storage::open knows it, else "" (a bare file path).
std::string scheme_of(const std::string& uri) {
  storage::register_sqlite();
#ifdef ITSM_CLI_POSTGRES
  storage::register_postgres();
#endif
  const auto colon = uri.find(':');
  if (colon == std::string::npos) return {};
  const std::string scheme = uri.substr(0, colon);
  const auto known = storage::registered_schemes();
  return std::find(known.begin(), known.end(), scheme) != known.end() ? scheme : std::string{};
}

// The file of an SQLite store ("" for sqlite::memory:), without the URI's settings.
std::string sqlite_file(const std::string& uri) {
  std::string path = scheme_of(uri).empty() ? uri : uri.substr(uri.find(':') + 1);
  path = path.substr(0, path.find('?'));
  return path == ":memory:" ? std::string{} : path;
}

std::shared_ptr<storage::backend> open_backend(const session& s, bool create) {
  if (s.store.empty())
    throw error(errc::invalid_argument, "no store: give --store PATH-OR-URI or set ITSM_STORE");
  if (s.is_sqlite()) {
    const auto file = sqlite_file(s.store);
    std::error_code ec;  // an unreadable directory reads as "no file"; opening then names the problem
    const bool exists = !file.empty() && std::filesystem::exists(file, ec);
    if (create && exists) throw error(errc::already_exists, fmt::format("a store already exists at '{}'", file));
    if (!create && !exists && !file.empty())
      throw error(errc::not_found, fmt::format("no store at '{}' (create one with `itsm init`)", file));
    if (scheme_of(s.store).empty()) return storage::make_sqlite_backend(file, {});
  }
  return storage::open(s.store);
}

sms wrap(std::shared_ptr<storage::backend> store) {
  sms_options o;
  o.access = std::make_shared<role_policy>(policy());
  return sms(std::move(store), std::move(o));
}

}  // namespace

actor session::who() const {
  if (actor_name.empty())
    throw error(errc::invalid_argument,
                "no actor: give --actor NAME --role ROLE, or set ITSM_ACTOR and ITSM_ROLES");
  return actor{actor_name, roles, customer};
}

sms session::open() const { return wrap(open_backend(*this, false)); }
sms session::create() const { return wrap(open_backend(*this, true)); }

bool session::is_sqlite() const {
  const auto scheme = scheme_of(store);
  return scheme.empty() || scheme == "sqlite";
}

void session::require(std::string_view action, std::string_view kind) const {
  const actor a = who();
  const auto d = policy().authorize({.who = a, .action = action, .kind = kind, .object_id = "", .detail = ""});
  if (!d.allowed)
    throw error(errc::permission_denied, fmt::format("{} may not {} {}: {}", a.name, action, kind, d.reason));
}

void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i)
      line += i + 1 == r.size() ? r[i] : fmt::format("{:<{}}  ", r[i], width[i]);
    std::cout << line << '\n';
  }
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw error(errc::unavailable, fmt::format("cannot write '{}'", path));
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw error(errc::not_found, fmt::format("no file '{}'", path));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw error(errc::unavailable, fmt::format("cannot read '{}'", path));
  return text.str();
}

}  // namespace itsm::cli
