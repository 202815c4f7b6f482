// A configuration item as recorded in the CMDB (R-9.1-attrs): description, status, version,
// location, owner, the services it supports, typed attributes of its CI type, and references to
// definitive media and finance (R-9.1-library, R-9.1-finance). Relationships to other CIs and
// links to RFCs, problems and known errors are records of their own, queryable both ways.
// Thread-safety: value type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

enum class ci_status { planned, in_development, testing, live, maintenance, retired };
template <> struct enum_names<ci_status> {
  static constexpr std::array values{std::string_view("planned"), std::string_view("in_development"),
                                     std::string_view("testing"), std::string_view("live"),
                                     std::string_view("maintenance"), std::string_view("retired")};
};

struct ITSM_API configuration_item {
  ci_id id{};
  std::int64_t revision = 0;
  std::string type{};              // a registered ci_type name
  std::string name{};              // identity: unique among live CIs of its type, compared as
                                   // identity_key(name) (R-9.1-unique); stored as spelt
  std::string description{};
  ci_status status = ci_status::planned;
  std::string version{};           // the CI's own version label (e.g. "14.2")
  std::string location{};
  std::string owner{};
  std::vector<service_id> services{};  // service components this CI is part of
  attribute_map attributes{};      // typed per the CI type's attribute schema
  std::string media_location{};    // definitive media / master copy reference (R-9.1-library)
  std::string media_checksum{};
  std::string asset_tag{};         // finance interface (R-9.1-finance)
  std::string cost_centre{};       // who bears its costs in the books (R-9.1-finance)
  customer_id customer{};          // the customer it is dedicated to; none = shared infrastructure

  // Stored fields: those above plus the derived `name_key` (schema version 3); cost_centre from version 4, identity_key(name).
  static const kind_def<configuration_item>& def();
  // Type-independent invariants (non-empty type and name).
  std::vector<violation> check() const;
  bool operator==(const configuration_item&) const = default;  // field by field
};

// The form CI names are compared in (R-9.1-unique): surrounding ASCII whitespace removed and
// ASCII letters folded to lower case. Other bytes (non-ASCII letters included) are kept as is.
ITSM_API std::string identity_key(std::string_view name);

}  // namespace itsm::model
