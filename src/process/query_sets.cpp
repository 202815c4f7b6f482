// The named sets of docs/queries.md.
#include "itsm/process/query.hpp"

namespace itsm::sets {

namespace {
using model::incident_state;
using model::problem_state;
using model::request_state;
}  // namespace

template <>
filter open<model::incident>() {
  return field("state").in({incident_state::recorded, incident_state::assigned, incident_state::in_progress,
                            incident_state::pending});
}
template <>
filter open<model::service_request>() {
  return field("state").in({request_state::recorded, request_state::approved, request_state::in_fulfilment,
                            request_state::pending});
}
template <>
filter open<model::problem>() {
  return field("state").in({problem_state::recorded, problem_state::investigating, problem_state::known_error,
                            problem_state::awaiting_change});
}

template <>
filter active<model::incident>() {
  return field("state").in({incident_state::recorded, incident_state::assigned, incident_state::in_progress});
}
template <>
filter active<model::service_request>() {
  return field("state").in({request_state::recorded, request_state::approved, request_state::in_fulfilment});
}
template <>
filter active<model::problem>() {
  return field("state").in({problem_state::recorded, problem_state::investigating, problem_state::known_error});
}

template <>
filter unassigned<model::incident>() {
  return open<model::incident>() && field("assignee").eq("");
}
template <>
filter unassigned<model::problem>() {
  return open<model::problem>() && field("assignee").eq("");
}

}  // namespace itsm::sets
