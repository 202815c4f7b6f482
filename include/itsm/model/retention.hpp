// Records retention and disposal (clause 4.3 of ISO/IEC 20000-1, R-4.3-records): stored rules
// saying how long records of a kind are kept, legal holds that stop one record's disposal, and
// the record of each disposal (what, when, under which rule, by whom). Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

#include <string>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct retention_rule_tag {
  static constexpr std::string_view prefix = "RET";
};
using retention_rule_id = id<retention_rule_tag>;
struct legal_hold_tag {
  static constexpr std::string_view prefix = "HLD";
};
using legal_hold_id = id<legal_hold_tag>;
struct disposal_tag {
  static constexpr std::string_view prefix = "DSL";
};
using disposal_id = id<disposal_tag>;
}  // namespace itsm

namespace itsm::model {

// Records of `kind` are kept `years` after the instant their time field `from_field` holds
// (e.g. an incident's "closed_at": from closure; "opened_at": from creation), then disposed of.
// A record whose field is empty (not closed yet) is not due. One rule in force per kind.
struct ITSM_API retention_rule {
  retention_rule_id id{};
  std::int64_t revision = 0;
  std::string kind{};          // the record kind ("incident")
  std::string from_field{};    // a time field of that kind
  int years = 0;               // REQUIRES: 1..100
  std::string description{};   // the procedure or legal basis ("German tax law: 10 years")
  bool retired = false;
  std::string defined_by{};    // set by the library

  static const kind_def<retention_rule>& def();
  // R-4.3-records: a kind, a from_field, 1..100 years and a description.
  std::vector<violation> check() const;
  // When a record whose from_field holds `from` falls due (from + years, calendar years).
  timestamp due_at(timestamp from) const;
};

// Stops the disposal of one record (litigation, investigation) until released.
struct ITSM_API legal_hold {
  legal_hold_id id{};
  std::int64_t revision = 0;
  std::string kind{};
  std::string object_id{};
  std::string reason{};
  timestamp placed_at{};       // set by the library
  std::string placed_by{};     // set by the library
  bool released = false;
  timestamp released_at{};     // set by the library
  std::string released_by{};   // set by the library

  static const kind_def<legal_hold>& def();
  std::vector<violation> check() const;  // R-4.3-records: kind, object and reason
  // In force at `at`: placed at or before it and not released by then.
  bool holds_at(timestamp at) const;
};

// What a disposal removed: the record (erased) and the personal data in its audit entries
// (their changes replaced by redaction markers, docs/audit.md).
struct ITSM_API disposal {
  disposal_id id{};
  std::int64_t revision = 0;
  std::string kind{};
  std::string object_id{};
  retention_rule_id rule{};
  timestamp retained_from{};      // the record's from_field value
  timestamp due_at{};             // retained_from + the rule's years
  timestamp disposed_at{};
  std::string disposed_by{};
  std::int64_t entries_redacted = 0;  // audit entries whose changes were replaced by their marker
  std::int64_t entries_kept = 0;      // entries written before format v3: their changes stay

  static const kind_def<disposal>& def();
};

}  // namespace itsm::model
