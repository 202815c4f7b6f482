// Problems and known errors (R-8.2-procedure, R-8.2-known-error). Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

enum class problem_state { recorded, investigating, known_error, awaiting_change, resolved, closed };
template <> struct enum_names<problem_state> {
  static constexpr std::array values{std::string_view("recorded"), std::string_view("investigating"),
                                     std::string_view("known_error"), std::string_view("awaiting_change"),
                                     std::string_view("resolved"), std::string_view("closed")};
};

struct ITSM_API problem {
  problem_id id{};
  std::int64_t revision = 0;
  std::string title{};
  std::string description{};
  problem_state state = problem_state::recorded;
  int priority = 3;
  std::string category{};
  service_id service{};
  ci_id ci{};
  std::string root_cause{};
  known_error_id known_error{};
  rfc_id rfc{};                 // the change raised to remove the cause (R-8.2-rfc)
  std::string assignee{};
  timestamp opened_at{};
  timestamp resolved_at{};
  timestamp closed_at{};
  std::string resolution{};     // how the cause was removed (R-8.2-procedure)

  static const kind_def<problem>& def();
  std::vector<violation> check() const;
};

struct ITSM_API known_error {
  known_error_id id{};
  std::int64_t revision = 0;
  std::string title{};
  problem_id problem{};
  std::string symptom{};        // what an incident handler searches by (R-8.2-feed)
  std::string root_cause{};
  std::string workaround{};
  std::vector<ci_id> cis{};     // affected CIs
  bool resolved = false;

  static const kind_def<known_error>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
