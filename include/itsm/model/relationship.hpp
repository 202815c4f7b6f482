// Typed relationships between CIs and the catalogue of relationship kinds. Each kind says how
// failure propagates along it, so impact analysis follows data, not code (R-9.1-attrs,
// R-9.1-to-change). Thread-safety: value types.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

// Which way a failure travels along "source --kind--> target".
enum class propagation {
  to_source,  // target fails ⇒ source impacted (app runs_on host)
  to_target,  // source fails ⇒ target impacted
  both,       // either end's failure impacts the other
  none,       // informational only (documented_by, related_to)
  quorum,     // source is a member of the redundancy group target: the group is impacted only
              // when fewer than k of its members remain (k: the group CI's required_members)
};
template <> struct enum_names<propagation> {
  static constexpr std::array values{std::string_view("to_source"), std::string_view("to_target"),
                                     std::string_view("both"), std::string_view("none"),
                                     std::string_view("quorum")};
};

struct ITSM_API relationship_kind {
  std::string name{};
  propagation impact = propagation::to_source;  // Default: the target's failure impacts the source
  std::string description{};
  // No chain of relationships of this kind may lead back to where it started: a relationship
  // that would close such a cycle is refused (R-9.1-relationships). Default: false (none of the
  // default kinds)
  bool acyclic = false;
};

// The kinds itsm knows out of the box, the one default table (the graph's kind_table::defaults()
// is made from it): depends_on, runs_on, hosted_on, uses (to_source); part_of (to_target);
// connects_to (both); member_of (quorum); documented_by, related_to (none). Products may add
// their own.
ITSM_API const std::vector<relationship_kind>& default_relationship_kinds();
ITSM_API std::optional<relationship_kind> find_relationship_kind(const std::vector<relationship_kind>& kinds,
                                                                 std::string_view name);

enum class relationship_status { active, retired };
template <> struct enum_names<relationship_status> {
  static constexpr std::array values{std::string_view("active"), std::string_view("retired")};
};

struct ITSM_API relationship {
  relationship_id id{};
  std::int64_t revision = 0;
  std::string kind{};      // a relationship_kind name
  ci_id source{};
  ci_id target{};
  relationship_status status = relationship_status::active;
  std::string description{};

  static const kind_def<relationship>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
