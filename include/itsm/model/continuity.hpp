// Continuity and availability plans (clause 6.3): plans as versioned records whose revisions are
// made under change management (R-6.3-plans), and the tests of a plan with their results and
// follow-up (R-6.3-test). A plan covers CIs and services; an RFC touching them touches the plan
// (R-6.3-rfc). Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct continuity_plan_tag {
  static constexpr std::string_view prefix = "CTP";
};
using continuity_plan_id = id<continuity_plan_tag>;
struct plan_test_tag {
  static constexpr std::string_view prefix = "CTT";
};
using plan_test_id = id<plan_test_tag>;
}  // namespace itsm

namespace itsm::model {

enum class plan_kind { continuity, availability };
template <> struct enum_names<plan_kind> {
  static constexpr std::array values{std::string_view("continuity"), std::string_view("availability")};
};

struct ITSM_API continuity_plan {
  continuity_plan_id id{};
  std::int64_t revision = 0;
  std::string name{};
  plan_kind kind = plan_kind::continuity;  // Default: continuity
  std::int64_t version = 1;                // 1, then +1 per revision (set by the library)
  std::string owner{};
  std::string content{};                   // the procedure: recovery steps, priorities, targets
  std::vector<std::string> contacts{};     // "name, role, phone/e-mail": reachable without our systems
  std::vector<ci_id> covered_cis{};
  std::vector<service_id> covered_services{};
  std::int64_t test_interval_days = 365;   // planned test interval. Default: 365
  timestamp approved_at{};                 // when this version was stored (set by the library)
  std::string changed_under{};             // the RFC this version was made under ("" for version 1)
  bool retired = false;

  static const kind_def<continuity_plan>& def();
  // R-6.3-plans: a name, an owner, content, a contact, something covered, an interval of 1..3660 days.
  std::vector<violation> check() const;
};

enum class test_result { passed, failed };
template <> struct enum_names<test_result> {
  static constexpr std::array values{std::string_view("passed"), std::string_view("failed")};
};

struct ITSM_API plan_test {
  plan_test_id id{};
  std::int64_t revision = 0;
  continuity_plan_id plan{};
  std::int64_t plan_version = 0;  // the version tested (set by the library)
  timestamp tested_at{};          // set by the library
  test_result result = test_result::passed;
  std::string findings{};
  std::string follow_up{};        // what is done about a failure (required when failed)
  std::string recorded_by{};

  static const kind_def<plan_test>& def();
  // R-6.3-test: a plan, findings, and a follow-up when the test failed.
  std::vector<violation> check() const;
};

}  // namespace itsm::model
