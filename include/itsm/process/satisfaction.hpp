// Customer satisfaction (R-7.1-satisfaction): the agreed survey rule, survey campaigns per
// service and period whose sample is drawn reproducibly from the period's finished tickets,
// the customers' responses and the results per service and period with their response rate.
// Every write takes the one write path; every read names its actor (responses are scoped to
// their customer, a survey to the one customer of its whole frame: survey::customer). Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include "itsm/core/export.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/model/satisfaction.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

// One ticket of a survey's sampling frame.
struct ITSM_API frame_ticket {
  std::string ticket;        // "INC-4"
  customer_id customer{};
  timestamp finished{};      // resolved (incident) or fulfilled (request)
};

// The sample a survey takes (a pure function, so anyone can re-draw and compare it): the frame's
// customers in key order take turns until `size` tickets are drawn or the frame is exhausted, so
// every customer is represented before any has two; within a customer the tickets are spread
// evenly over its finish times. Tickets without a customer are not sampled.
ITSM_API std::vector<std::string> draw_sample(std::vector<frame_ticket> frame, std::int64_t size);

// The result of one survey (R-7.1-satisfaction).
struct ITSM_API survey_result {
  survey_id survey{};
  service_id service{};
  timestamp from{}, to{};
  int sampled = 0;
  int responses = 0;
  double response_rate = 0;           // percent of the sample that answered
  std::optional<double> mean_score;   // empty without responses
  std::optional<double> satisfied;    // percent of responses at or above the rule's threshold
};
ITSM_API survey_result result_of(const model::survey& s, const std::vector<model::survey_response>& answers,
                        const model::survey_rule& rule);

class ITSM_API satisfaction_management {
 public:
  // Stores the next version of the survey rule (R-7.1-satisfaction). Rules: survey_rule::check.
  model::survey_rule set_rule(const actor& who, model::survey_rule r, const write_options& opts = {});
  std::optional<model::survey_rule> rule(const actor& who) const;

  // Opens a survey of `service` over [from, to): the frame is its incidents resolved and its
  // requests fulfilled in the period; the sample is draw_sample(frame, rule's sample size).
  // The survey belongs to a customer when every ticket of the frame is that customer's.
  // Rules: a stored rule, a service in the catalogue, from < to <= now, a non-empty sample.
  model::survey open_survey(const actor& who, service_id service, timestamp from, timestamp to,
                            const write_options& opts = {});
  // Records a customer's answer about one sampled ticket; its customer is the ticket's. Rules:
  // an open survey, a ticket of its sample not yet answered, a score of the rule's scale.
  // Authorized with the ticket's customer. REQUIRES: draft.id invalid, draft.revision == 0.
  model::survey_response respond(const actor& who, model::survey_response draft, const write_options& opts = {});
  // open -> closed: no more responses.
  model::survey close_survey(const actor& who, survey_id id, const write_options& opts = {});

  std::vector<model::survey> surveys(const actor& who) const;
  std::vector<model::survey_response> responses(const actor& who, survey_id id) const;
  // The results of every survey whose period overlaps [from, to), from the responses `who` may
  // see. Errors: invalid_argument for an empty or reversed period; not_found without a rule.
  std::vector<survey_result> results(const actor& who, timestamp from, timestamp to) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit satisfaction_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
