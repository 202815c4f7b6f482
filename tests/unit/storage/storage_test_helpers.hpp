// Helpers shared by the storage tests: an incident-like schema, record builders and error-code
// capture. Thread-safety: plain functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/storage/memory.hpp"

namespace itsm_test {

using namespace itsm;
using namespace itsm::storage;

// The error code `fn` throws as itsm::error, or nullopt when it does not throw.
inline std::optional<errc> error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const error& e) {
    return e.code();
  }
  return std::nullopt;
}

// ticket: state text NOT NULL, grp text, prio integer, score real, opened time, urgent boolean.
inline schema ticket_schema(int version = 1) {
  schema s;
  s.kind = "ticket";
  s.version = version;
  s.fields = {{"state", value_type::text, false}, {"grp", value_type::text, true},
              {"prio", value_type::integer, true}, {"score", value_type::real, true},
              {"opened", value_type::time, true},  {"urgent", value_type::boolean, true}};
  s.indexes = {{"by_state_grp_prio", {"state", "grp", "prio"}}, {"by_opened", {"opened"}}};
  return s;
}

inline record ticket(std::string id, value state, value grp = {}, value prio = {}, value score = {},
                     value opened = {}, value urgent = {}, std::int64_t revision = 0) {
  return record{std::move(id), revision, {std::move(state), std::move(grp), std::move(prio), std::move(score),
                                          std::move(opened), std::move(urgent)}};
}

// query{"kind"} would leave members to their defaults but warns under -Wextra.
inline query query_of(std::string kind) {
  query q;
  q.kind = std::move(kind);
  return q;
}

inline std::vector<std::string> ids_of(const std::vector<record>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.id);
  return out;
}

inline std::unique_ptr<backend> fresh_backend(int busy_timeout_ms = 5000) {
  memory_options o;
  o.busy_timeout_ms = busy_timeout_ms;
  auto b = make_memory_backend(o);
  b->register_schema(ticket_schema());
  return b;
}

}  // namespace itsm_test
