// Problem management (clause 8.2): identification, recording, priority, classification,
// updating, escalation, resolution and closure of problems, links to incidents, known errors with
// root cause and workaround, problem resolution through an RFC, trend detection over incidents
// and effectiveness figures. Every write takes the one write path.
// Rules: R-8.2-procedure, R-8.2-known-error, R-8.2-feed, R-8.2-rfc, R-8.2-trends,
// R-8.2-effectiveness. Thread-safety: safe to call from several threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/problem.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

// Known-error lookup (R-8.2-feed, R-8.1-info): any of the criteria may be empty.
struct ITSM_API known_error_query {
  ci_id ci{};                       // Default: none
  service_id service{};             // Default: none (matched through the known error's problem)
  std::string symptom{};            // Default: "" — free text; words of 3+ letters are compared
  bool include_resolved = false;  // Default: false (only known errors still open)
  std::size_t limit = 10;         // Default: 10
};

struct ITSM_API known_error_match {
  model::known_error known_error{};
  int score = 0;                     // higher is better: CI 10, service 5, each shared word 1
  std::vector<std::string> reasons{};  // "ci", "service", "symptom:<word>"
};

// A problem candidate (R-8.2-trends): incidents on one CI or in one category within a window.
struct ITSM_API trend_candidate {
  std::string dimension{};                    // "ci" or "category"
  std::string key{};                          // the CI key or the category
  std::vector<incident_id> incidents{};       // oldest first
  std::vector<problem_id> open_problems{};    // problems already open on it (empty: raise one)
};

// R-8.2-effectiveness over [from, to).
struct ITSM_API problem_effectiveness {
  int incidents_resolved = 0;   // resolve transitions in the period
  int incidents_reopened = 0;   // reopen transitions in the period
  double reopen_rate = 0;       // reopened / resolved (0 when none resolved)
  int problems_resolved = 0;    // problems resolved in the period
  int problems_recurred = 0;    // of those, with an incident linked or on their CI opened after
  double recurrence_rate = 0;   // recurred / resolved (0 when none resolved)
};

enum class problem_transition { investigate, known_error, raise_rfc, resolve, close };

class ITSM_API problem_management {
 public:

  // Records a problem (opened_at = now, state recorded), optionally linking incidents.
  // Rules: invariants, CI/service/incidents exist (R-8.2-procedure).
  model::problem record(const actor& who, model::problem draft,
                        const std::vector<incident_id>& incidents = {}, const write_options& opts = {});
  // recorded -> investigating.
  model::problem investigate(const actor& who, problem_id id, const write_options& opts = {});
  // Priority, classification, assignee, description, root cause; not the state (R-8.2-procedure).
  model::problem update(const actor& who, const model::problem& edited, const write_options& opts = {});
  // Escalation: hands the problem to `to` and publishes problem.escalated with the reason.
  model::problem escalate(const actor& who, problem_id id, const std::string& to,
                          const std::string& reason, const write_options& opts = {});
  // Links an open incident to the problem (sets incident.problem).
  model::incident link_incident(const actor& who, problem_id id, incident_id incident,
                                const write_options& opts = {});

  // Records the known error of a problem (R-8.2-known-error): the problem moves to known_error
  // and takes the root cause. REQUIRES: draft.id invalid.
  model::known_error record_known_error(const actor& who, problem_id id, model::known_error draft,
                                        const write_options& opts = {});
  // A known error without a problem of ours (e.g. from a supplier).
  model::known_error add_known_error(const actor& who, model::known_error draft, const write_options& opts = {});

  // R-8.2-rfc: the cause needs a CI changed: links the RFC and waits for its outcome
  // (state awaiting_change). The RFC must exist.
  model::problem raise_rfc(const actor& who, problem_id id, rfc_id rfc, const write_options& opts = {});
  // Resolves: needs a root cause and a resolution; a problem awaiting a change resolves only once
  // its RFC is implemented, reviewed or closed (R-8.2-rfc). Marks its known error resolved.
  model::problem resolve(const actor& who, problem_id id, const std::string& resolution,
                         const write_options& opts = {});
  model::problem close(const actor& who, problem_id id, const write_options& opts = {});

  std::vector<violation> check(const actor& who, problem_id id, problem_transition t) const;

  std::optional<model::problem> find(const actor& who, problem_id id) const;
  std::vector<model::problem> list(const actor& who) const;
  std::vector<model::incident> incidents_of(const actor& who, problem_id id) const;
  std::optional<model::known_error> find_known_error(const actor& who, known_error_id id) const;

  // R-8.2-feed / R-8.1-info.
  std::vector<known_error_match> lookup(const actor& who, const known_error_query& q) const;
  // R-8.2-trends: a pure query over incidents opened in [from, to); groups with at least
  // `threshold` incidents, largest first.
  std::vector<trend_candidate> trends(const actor& who, timestamp from, timestamp to,
                                     std::size_t threshold = 3) const;
  // R-8.2-effectiveness.
  problem_effectiveness effectiveness(const actor& who, timestamp from, timestamp to) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit problem_management(std::shared_ptr<const detail::context> ctx);
  model::problem move(const actor& who, problem_id id, problem_transition t, const write_options& opts,
                      const std::function<void(storage::transaction&, model::problem&, std::vector<violation>&)>& apply);
  std::shared_ptr<const detail::context> ctx_{};
};

ITSM_API std::string_view to_string(problem_transition t) noexcept;

namespace detail {
// The lookup on an open transaction (used by incident_management::info).
std::vector<known_error_match> match_known_errors(storage::transaction& tx, const known_error_query& q);
}  // namespace detail

}  // namespace itsm
