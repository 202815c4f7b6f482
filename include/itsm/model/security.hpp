// Information security management records (clause 6.6): the approved security policy, a
// versioned controlled record (R-6.6-policy); the security risk register with its periodic
// assessments (R-6.6-policy); the control register, each control linked to the risks it
// addresses and the CIs and services it protects, with effectiveness reviews (R-6.6-controls);
// and the access granted to external parties (R-6.6-controls). Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

#include <string>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"
#include "itsm/model/relations.hpp"

namespace itsm {
struct security_policy_tag {
  static constexpr std::string_view prefix = "SEP";
};
using security_policy_id = id<security_policy_tag>;
struct security_risk_tag {
  static constexpr std::string_view prefix = "SRK";
};
using security_risk_id = id<security_risk_tag>;
struct security_control_tag {
  static constexpr std::string_view prefix = "SCT";
};
using security_control_id = id<security_control_tag>;
struct external_access_tag {
  static constexpr std::string_view prefix = "SXA";
};
using external_access_id = id<external_access_tag>;
}  // namespace itsm

namespace itsm::model {

enum class security_policy_state { draft, approved };
template <> struct enum_names<security_policy_state> {
  static constexpr std::array values{std::string_view("draft"), std::string_view("approved")};
};

// The information security policy. Each revision is a new version in draft, written by its
// author; someone else approves it, and approves it again at each review.
struct ITSM_API security_policy {
  security_policy_id id{};
  std::int64_t revision = 0;
  std::string title{};
  std::string content{};
  std::int64_t version = 1;                // 1, then +1 per revision (set by the library)
  std::string author{};                    // who wrote this version (set by the library)
  security_policy_state state = security_policy_state::draft;
  std::string approved_by{};               // set by the library
  timestamp approved_at{};                 // last approval or review (set by the library)
  std::int64_t review_interval_days = 365; // Default: 365
  bool retired = false;

  static const kind_def<security_policy>& def();
  // R-6.6-policy: a title, content, a review interval of 1..3660 days.
  std::vector<violation> check() const;
};

// An entry of the security risk register, assessed at its interval.
struct ITSM_API security_risk {
  security_risk_id id{};
  std::int64_t revision = 0;
  std::string title{};
  std::string owner{};
  int likelihood = 1;                          // 1 (rare) .. 5 (almost certain). Default: 1
  int impact = 1;                              // 1 (negligible) .. 5 (severe). Default: 1
  std::string treatment{};                     // how the risk is treated (reduce, accept, … and how)
  std::vector<ci_id> cis{};                    // the assets at risk
  std::vector<service_id> services{};
  std::int64_t assessment_interval_days = 365; // Default: 365
  timestamp assessed_at{};                     // last assessment (set by the library)
  std::string assessed_by{};                   // set by the library
  bool closed = false;

  static const kind_def<security_risk>& def();
  int score() const noexcept { return likelihood * impact; }
  // R-6.6-policy: a title, an owner, likelihood and impact in 1..5, a treatment, an interval of 1..3660 days.
  std::vector<violation> check() const;
};

enum class control_effectiveness { not_reviewed, effective, ineffective };
template <> struct enum_names<control_effectiveness> {
  static constexpr std::array values{std::string_view("not_reviewed"), std::string_view("effective"),
                                     std::string_view("ineffective")};
};

// A documented security control: what it does, the risks it addresses, what it protects.
struct ITSM_API security_control {
  security_control_id id{};
  std::int64_t revision = 0;
  std::string name{};
  std::string description{};
  std::string owner{};
  std::vector<security_risk_id> risks{};    // the risks it addresses (at least one)
  std::vector<ci_id> cis{};                 // the CIs and services it protects
  std::vector<service_id> services{};
  std::int64_t review_interval_days = 365;  // effectiveness review interval. Default: 365
  timestamp recorded_at{};                  // set by the library
  timestamp reviewed_at{};                  // last effectiveness review (set by the library)
  control_effectiveness effectiveness = control_effectiveness::not_reviewed;
  std::string review_findings{};
  bool retired = false;

  static const kind_def<security_control>& def();
  // R-6.6-controls: a name, a description, an owner, a risk, something protected, an interval of 1..3660 days.
  std::vector<violation> check() const;
};

// Access to CIs or services granted to an external party, until a date (or revoked before).
struct ITSM_API external_access {
  external_access_id id{};
  std::int64_t revision = 0;
  party_id party{};
  std::string purpose{};
  std::vector<ci_id> cis{};
  std::vector<service_id> services{};
  std::vector<security_control_id> controls{};  // the controls the access is granted under
  std::string granted_by{};                     // set by the library
  timestamp granted_at{};                       // set by the library
  timestamp until{};                            // when the access ends
  bool revoked = false;
  timestamp revoked_at{};                       // set by the library

  static const kind_def<external_access>& def();
  // R-6.6-controls: a party, a purpose, something accessed, a control, an end after the grant.
  std::vector<violation> check() const;
};

}  // namespace itsm::model
