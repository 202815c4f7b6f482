// The documented service management system (clause 4.3, 4.5.1): the SMS scope and plan
// (R-4.5-scope-plan) and controlled documents (R-4.3-documents), including the definitive media
// library's master copies (R-9.1-library). Both are versioned: every version is its own record;
// a draft becomes current only when someone other than its author approves it, and approving it
// marks the version it replaces obsolete, so an obsolete version is never served as current.
// Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct sms_plan_tag {
  static constexpr std::string_view prefix = "SMP";
};
using sms_plan_id = id<sms_plan_tag>;
struct document_tag {
  static constexpr std::string_view prefix = "DOC";
};
using document_id = id<document_tag>;
}  // namespace itsm

namespace itsm::model {

// draft -> approved (current) -> obsolete (replaced by a newer approved version, or withdrawn).
enum class version_state { draft, approved, obsolete };
template <> struct enum_names<version_state> {
  static constexpr std::array values{std::string_view("draft"), std::string_view("approved"),
                                     std::string_view("obsolete")};
};

// One version of the service management plan; the approved version is the plan in force.
struct ITSM_API sms_plan {
  sms_plan_id id{};
  std::int64_t revision = 0;
  std::int64_t version = 0;                // set by the library: 1, 2, …
  std::string scope{};                     // the SMS scope: organisation, locations, services
  std::vector<service_id> services{};      // the services in scope
  std::vector<std::string> objectives{};   // service management objectives
  std::vector<std::string> responsibilities{};  // "change management: carla", …
  timestamp review_due{};                  // when the plan is next reviewed
  version_state state = version_state::draft;
  std::string author{};                    // who wrote this version (set by the library)
  std::string approved_by{};
  timestamp approved_at{};

  static const kind_def<sms_plan>& def();
  // R-4.5-scope-plan: a scope, at least one objective and one responsibility, a review date.
  std::vector<violation> check() const;
};

enum class document_type { policy, plan, procedure, sla, external, media };
template <> struct enum_names<document_type> {
  static constexpr std::array values{std::string_view("policy"), std::string_view("plan"),
                                     std::string_view("procedure"), std::string_view("sla"),
                                     std::string_view("external"), std::string_view("media")};
};

// One version of a controlled document. `name` identifies the document across its versions.
struct ITSM_API controlled_document {
  document_id id{};
  std::int64_t revision = 0;
  std::string name{};                      // identity: "Change management procedure"
  document_type type = document_type::procedure;  // Default: procedure
  std::int64_t version = 0;                // revision status, set by the library: 1, 2, …
  std::string location{};                  // where the master copy lives (URI, path, DMS key)
  std::string issuer{};                    // external documents: who issued it (R-4.3-documents)
  std::string checksum{};                  // SHA-256 (64 hex digits) of the master copy; required for media
  std::vector<std::string> distribution{}; // who it is communicated to (roles, teams, customers)
  std::vector<release_id> releases{};      // media: the releases built from this master copy
  timestamp review_due{};                  // next review; overdue when past and still current
  version_state state = version_state::draft;
  std::string author{};                    // set by the library
  std::string approved_by{};
  timestamp approved_at{};

  static const kind_def<controlled_document>& def();
  // R-4.3-documents: a name, a location, a review date, a distribution; external documents name
  // their issuer. R-9.1-library: media carry a SHA-256 checksum of the master copy.
  std::vector<violation> check() const;
};

}  // namespace itsm::model
