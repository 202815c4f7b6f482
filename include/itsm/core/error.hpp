// itsm's one error vocabulary: an error code, a message and, for rule violations, every violated
// rule with its requirement id (R-…). Thread-safety: plain values, safe to copy between threads.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"

namespace itsm {

enum class errc {
  not_found = 1,      // the object (or file, or kind) does not exist
  already_exists,     // create of an id or identity key that is taken
  conflict,           // stale revision (optimistic concurrency) or a concurrent writer won
  invalid_argument,   // malformed input: bad id, wrong field type, unknown field
  rule_violation,     // a domain rule refused the operation; see violations()
  permission_denied,  // the authorizer or separation of duties refused the actor
  unavailable,        // the backend cannot serve now (busy, closed, I/O)
  unsupported,        // the backend or build lacks a capability
  corrupt,            // stored data fails its checks (bad file, broken audit chain)
};

ITSM_API std::string_view to_string(errc code) noexcept;

// One violated rule: the requirement id it enforces (e.g. "R-9.1-unique") and why.
struct ITSM_API violation {
  std::string rule;
  std::string message;
  bool operator==(const violation&) const = default;
};

class ITSM_API error : public std::runtime_error {
 public:
  error(errc code, std::string message);
  // A rule_violation error carrying every violated rule; REQUIRES: !violations.empty().
  explicit error(std::vector<violation> violations);
  // Any other code that is still due to a rule, e.g. a separation-of-duties denial
  // (permission_denied citing R-9.2-approve): the rule travels as data, not only in what().
  error(errc code, std::string message, std::vector<violation> violations);

  errc code() const noexcept { return code_; }
  const std::vector<violation>& violations() const noexcept { return violations_; }
  // True if one of the violations cites `rule`.
  bool violates(std::string_view rule) const noexcept;

 private:
  errc code_;
  std::vector<violation> violations_;
};

[[noreturn]] ITSM_API void throw_error(errc code, std::string message);

}  // namespace itsm
