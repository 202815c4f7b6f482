// The rules a store enforces, kept in the store itself (R-9.2-policy, R-9.3-policy, R-8.1-priority,
// R-8.1-major): the ticket policy (priority matrix, major-incident definition, pause reasons
// through the SLAs' calendars, escalation, request targets, named calendars), the change policy,
// the release policy, the catalogue of relationship kinds and the owners of CI attributes in
// imports (attribute_sources). Each is a versioned record of kind
// "policy" written only through the write path (authorized, validated, audited), and every
// itsm::sms opened on the store enforces the stored version from its next operation on — also
// when another process changed it. sms_options only seed a store that has no policies yet.
// Thread-safety: all member functions may be called from several threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/error.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/process/change_policy.hpp"
#include "itsm/process/import.hpp"
#include "itsm/process/release_policy.hpp"
#include "itsm/process/ticket_policy.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;
}

// The stored policies, as a product reads or seeds them together.
struct ITSM_API policy_set {
  ticket_policy tickets;                                   // Default: ticket_policy{}
  change_policy changes;                                   // Default: change_policy{}
  release_policy releases;                                 // Default: release_policy{}
  std::vector<model::relationship_kind> relationship_kinds = model::default_relationship_kinds();
  std::vector<attribute_source> attribute_sources{};       // Default: {} = every source may write every column
};

// The names of the stored policy records (the "policy" kind's keys).
namespace policy_names {
inline constexpr std::string_view tickets = "tickets";
inline constexpr std::string_view changes = "changes";
inline constexpr std::string_view releases = "releases";
inline constexpr std::string_view relationship_kinds = "relationship_kinds";
inline constexpr std::string_view attribute_sources = "attribute_sources";
}  // namespace policy_names

// Rule checks of a policy before it is stored; each violation cites the requirement it protects.
ITSM_API std::vector<violation> check_policy(const ticket_policy& p);
ITSM_API std::vector<violation> check_policy(const change_policy& p);
ITSM_API std::vector<violation> check_policy(const release_policy& p);
ITSM_API std::vector<violation> check_policy(const std::vector<model::relationship_kind>& kinds);
ITSM_API std::vector<violation> check_policy(const std::vector<attribute_source>& owners);

// JSON forms of the policies (the stored representation, also for products' configuration
// screens and exports). The *_from_json functions throw itsm::error(invalid_argument) on
// malformed JSON or fields of the wrong type; unknown fields are refused too.
ITSM_API std::string to_json(const ticket_policy& p);
ITSM_API std::string to_json(const change_policy& p);
ITSM_API std::string to_json(const release_policy& p);
ITSM_API std::string to_json(const std::vector<model::relationship_kind>& kinds);
ITSM_API std::string to_json(const std::vector<attribute_source>& owners);
ITSM_API ticket_policy ticket_policy_from_json(std::string_view json);
ITSM_API change_policy change_policy_from_json(std::string_view json);
ITSM_API release_policy release_policy_from_json(std::string_view json);
ITSM_API std::vector<model::relationship_kind> relationship_kinds_from_json(std::string_view json);
ITSM_API std::vector<attribute_source> attribute_sources_from_json(std::string_view json);

class ITSM_API policy_management {
 public:

  // The policies in force now. Reads are authorized as ("read", "policy", name).
  ticket_policy tickets(const actor& who) const;
  change_policy changes(const actor& who) const;
  release_policy releases(const actor& who) const;
  std::vector<model::relationship_kind> relationship_kinds(const actor& who) const;
  std::vector<attribute_source> attribute_sources(const actor& who) const;
  // The stored revision of one policy (1 after seeding, +1 per change).
  std::int64_t revision(const actor& who, std::string_view name) const;

  // Replace a policy: authorized as ("update", "policy", name) before anything else, then
  // checked (check_policy, plus rules that need the store: maintenance slots name services that
  // exist; a relationship kind in use by an active relationship cannot be removed), then stored
  // as the next revision with its before/after in the audit trail. Returns the new revision.
  // The default role_policy lets only admins change policies.
  std::int64_t set_tickets(const actor& who, const ticket_policy& p, const write_options& opts = {});
  std::int64_t set_changes(const actor& who, const change_policy& p, const write_options& opts = {});
  std::int64_t set_releases(const actor& who, const release_policy& p, const write_options& opts = {});
  std::int64_t set_relationship_kinds(const actor& who, const std::vector<model::relationship_kind>& kinds,
                                      const write_options& opts = {});
  std::int64_t set_attribute_sources(const actor& who, const std::vector<attribute_source>& owners,
                                     const write_options& opts = {});

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit policy_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
