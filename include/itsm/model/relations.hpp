// Relationship records (clause 7, the internal agreements of 6.1 and the governance of 4.2):
// the parties the provider deals with besides its customers (suppliers, internal groups, a
// customer that supplies components), the agreements that underpin its SLAs (supplier contracts,
// OLAs) and who operates which process. Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"
#include "itsm/model/service.hpp"

namespace itsm {
struct party_tag {
  static constexpr std::string_view prefix = "PTY";
};
using party_id = id<party_tag>;
struct agreement_tag {
  static constexpr std::string_view prefix = "AGR";
};
using agreement_id = id<agreement_tag>;
}  // namespace itsm

namespace itsm::model {

// The provider's side of a customer relationship (R-7.1-parties, R-7.1-review). Key: the
// customer. Scoped to that customer like the customer record itself.
struct ITSM_API customer_relationship {
  customer_id customer{};
  std::int64_t revision = 0;
  std::string relationship_manager{};  // the provider's designated owner of the relationship
  std::vector<std::string> users{};    // the customer's users of the services
  std::vector<std::string> contacts{};  // who speaks for the customer (contract, escalation, billing)
  int review_interval_days = 90;       // agreed service review interval. Default: 90 (quarterly)

  static const kind_def<customer_relationship>& def();
  std::vector<violation> check() const;
};

enum class party_type { supplier, internal_group, supplying_customer };
template <> struct enum_names<party_type> {
  static constexpr std::array values{std::string_view("supplier"), std::string_view("internal_group"),
                                     std::string_view("supplying_customer")};
};

// A party other than a customer as such (R-7.1-parties): a supplier (its contract manager is the
// `manager`, R-7.2-contract), an internal group (its lead), or a customer acting as a supplier of
// components (`customer` set).
struct ITSM_API party {
  party_id id{};
  std::int64_t revision = 0;
  std::string name{};                 // unique among parties
  party_type type = party_type::supplier;
  std::string manager{};              // our designated contract manager / the group's lead
  std::vector<std::string> contacts{};
  party_id lead_supplier{};           // set: a sub-contractor of that (lead) supplier
  customer_id customer{};             // supplying_customer: which customer it is

  static const kind_def<party>& def();
  std::vector<violation> check() const;
};

enum class agreement_type { contract, ola };
template <> struct enum_names<agreement_type> {
  static constexpr std::array values{std::string_view("contract"), std::string_view("ola")};
};
enum class agreement_status { draft, active, terminated };
template <> struct enum_names<agreement_status> {
  static constexpr std::array values{std::string_view("draft"), std::string_view("active"),
                                     std::string_view("terminated")};
};

// A supplier contract (R-7.2-contract: every field the clause lists) or an operational level
// agreement with an internal group or a supplying customer (R-6.1-internal). `covers` names the
// CIs it underpins; the alignment check finds them on the CMDB graph below each SLA.
struct ITSM_API agreement {
  agreement_id id{};
  std::int64_t revision = 0;
  std::string name{};
  agreement_type type = agreement_type::contract;
  party_id party{};
  agreement_status status = agreement_status::draft;
  std::vector<ci_id> covers{};
  // Targets: resolution/response per priority in business minutes of `calendar` (the hours the
  // party covers: calendar JSON or a name of the ticket policy; "" = 24x7), availability in
  // percent of those hours (0 = no availability commitment).
  std::vector<sla_target> targets{};
  double availability_target = 0.0;
  std::string calendar{};
  // The clause's contents (R-7.2-contract), free text each.
  std::string scope{}, dependencies{}, requirements{}, interfaces{}, workload{}, exceptions{},
      authorities{}, reporting{}, charging_basis{}, termination{};
  timestamp starts_at{};
  timestamp ends_at{};

  static const kind_def<agreement>& def();
  // Invariants: a name, a party, targets in range; for a contract every clause field.
  std::vector<violation> check() const;
  const sla_target* target_for(int priority) const;
};

// Who operates a process (R-4.2-governance). Key: the process name ("incident", "service desk").
struct ITSM_API process_operator {
  std::string process{};
  std::int64_t revision = 0;
  party_id operated_by{};       // none: operated by the provider itself
  std::string accountable{};    // the provider's owner who governs it
  std::string controls{};       // how it is governed (reports, reviews, audit rights)

  static const kind_def<process_operator>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
