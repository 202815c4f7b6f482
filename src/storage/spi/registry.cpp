#include "itsm/storage/registry.hpp"

#include <map>
#include <mutex>
#include <string>

#include "itsm/core/error.hpp"
#include "itsm/storage/memory.hpp"

namespace itsm::storage {

namespace {
struct registry_state {
  std::mutex mu;
  std::map<std::string, backend_factory, std::less<>> factories{
      {"memory", [](std::string_view) { return make_memory_backend(); }}};
};
registry_state& state() {
  static registry_state s;
  return s;
}
}  // namespace

void register_scheme(std::string scheme, backend_factory factory) {
  auto& s = state();
  std::lock_guard lock(s.mu);
  s.factories[std::move(scheme)] = std::move(factory);
}

std::vector<std::string> registered_schemes() {
  auto& s = state();
  std::lock_guard lock(s.mu);
  std::vector<std::string> out;
  for (const auto& [name, f] : s.factories) out.push_back(name);
  return out;
}

std::unique_ptr<backend> open(std::string_view uri) {
  // A C string ends at a NUL: "sqlite:/a.db\0x" would open /a.db, not the store named.
  if (const auto nul = uri.find('\0'); nul != std::string_view::npos)
    throw_error(errc::invalid_argument, "storage URI has a NUL byte at offset " + std::to_string(nul));
  const auto colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0)
    throw_error(errc::invalid_argument,
                "storage URI '" + std::string(uri) + "' has no scheme (expected e.g. memory: or sqlite:path)");
  const auto scheme = uri.substr(0, colon);
  backend_factory factory;
  {
    auto& s = state();
    std::lock_guard lock(s.mu);
    auto it = s.factories.find(scheme);
    if (it == s.factories.end())
      throw_error(errc::unsupported,
                  "storage scheme '" + std::string(scheme) +
                      "' is not registered (for sqlite: link itsm::sqlite and call "
                      "itsm::storage::register_sqlite())");
    factory = it->second;
  }
  return factory(uri.substr(colon + 1));
}

}  // namespace itsm::storage
