// Customer satisfaction records (R-7.1-satisfaction): the agreed survey rule (how often, how
// large a sample, what counts as satisfied), survey campaigns per service and period with the
// sample drawn from the period's finished tickets, and the customers' responses.
// Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

#include <string>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct survey_tag {
  static constexpr std::string_view prefix = "SUR";
};
using survey_id = id<survey_tag>;
struct response_tag {
  static constexpr std::string_view prefix = "RSP";
};
using response_id = id<response_tag>;
}  // namespace itsm

namespace itsm::model {

// The survey rule agreed with customers. Key: "agreed" (one per store, versioned).
struct ITSM_API survey_rule {
  std::string key = "agreed";
  std::int64_t revision = 0;
  std::int64_t interval_days = 90;  // every customer service is surveyed at least this often; Default: 90
  std::int64_t sample_size = 20;    // tickets drawn per survey (all when fewer); Default: 20
  std::int64_t scale = 5;           // scores run 1..scale; Default: 5
  std::int64_t satisfied_from = 4;  // a score at or above this counts as satisfied; Default: 4

  static const kind_def<survey_rule>& def();
  std::vector<violation> check() const;
};

enum class survey_state { open, closed };
template <> struct enum_names<survey_state> {
  static constexpr std::array values{std::string_view("open"), std::string_view("closed")};
};

// One campaign: a service, the period its tickets were finished in, and the sample drawn from
// them by the stored rule (draw_sample in process/satisfaction.hpp), kept so it can be re-drawn
// and compared.
struct ITSM_API survey {
  survey_id id{};
  std::int64_t revision = 0;
  service_id service{};
  timestamp from{}, to{};                 // [from, to): tickets finished in it were sampled
  survey_state state = survey_state::open;
  std::int64_t sample_size = 0;           // the rule's size when it was opened
  std::vector<std::string> sample{};      // ticket keys ("INC-4", "REQ-2"), in drawing order
  std::vector<std::string> customers{};   // the customers of the sample, sorted
  std::int64_t population = 0;            // tickets finished in the period (the sampling frame)
  timestamp opened_at{}, closed_at{};
  // The one customer every ticket of the frame belongs to, whose users may then read the survey
  // (it reveals nothing of another customer); none = several or none (the provider's staff only).
  customer_id customer{};

  static const kind_def<survey>& def();
  std::vector<violation> check() const;
};

// A customer's answer to a survey about one sampled ticket.
struct ITSM_API survey_response {
  response_id id{};
  std::int64_t revision = 0;
  survey_id survey{};
  std::string ticket{};      // a ticket of the survey's sample
  customer_id customer{};    // the ticket's customer (scopes who sees the response)
  std::int64_t score = 0;    // 1..the rule's scale
  std::string comment{};
  timestamp answered_at{};

  static const kind_def<survey_response>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
