// Workflow steps of incidents, service requests and RFCs by name (one entry point, so new steps
// do not grow the ABI), their SLA figures and the ticket export.
#include <map>
#include <optional>
#include <vector>

#include "handles.hpp"
#include "itsm/process/export.hpp"

using namespace itsm;
using namespace itsm::c;
using json = nlohmann::json;

namespace {

// One call's arguments: the step's JSON args and the write options.
struct step_call {
  sms& s;
  const actor& who;
  const std::string& step;
  const json& args;
  const write_options& opts;

  std::string str(const char* key) const { return member<std::string>(args, key); }
  [[noreturn]] void unknown(const char* steps) const {
    throw_error(errc::invalid_argument, "unknown step '" + step + "'; the steps are: " + steps);
  }
};

std::string incident_step(const step_call& c, incident_id id) {
  auto& p = c.s.incidents();
  const auto& st = c.step;
  const auto& o = c.opts;
  std::optional<model::incident> r;
  if (st == "assign") r = p.assign(c.who, id, c.str("group"), c.str("assignee"), o);
  else if (st == "start") r = p.start_work(c.who, id, o);
  else if (st == "pend") r = p.pend(c.who, id, c.str("reason"), o);
  else if (st == "resume") r = p.resume(c.who, id, o);
  else if (st == "resolve") r = p.resolve(c.who, id, c.str("resolution"), o);
  else if (st == "reopen") r = p.reopen(c.who, id, c.str("reason"), o);
  else if (st == "close") r = p.close(c.who, id, o);
  else if (st == "reprioritise") r = p.reprioritise(c.who, id, member<int>(c.args, "impact"), member<int>(c.args, "urgency"), o);
  else if (st == "classify") r = p.classify(c.who, id, c.str("category"), member<bool>(c.args, "security"), o);
  else if (st == "note") r = p.add_note(c.who, id, c.str("text"), o);
  else if (st == "declare_major") r = p.declare_major(c.who, id, c.str("manager"), o);
  else if (st == "review") return export_json(p.record_review(c.who, id, c.str("findings"), c.str("actions"), o));
  else c.unknown("assign start pend resume resolve reopen close reprioritise classify note declare_major review");
  return export_json(*r);
}

std::string request_step(const step_call& c, service_request_id id) {
  auto& p = c.s.requests();
  const auto& st = c.step;
  const auto& o = c.opts;
  std::optional<model::service_request> r;
  if (st == "approve") r = p.approve(c.who, id, o);
  else if (st == "start") r = p.start(c.who, id, o);
  else if (st == "step") {
    p.add_step(c.who, id, c.str("step"), o);
    r = p.find(c.who, id);
  } else if (st == "pend") r = p.pend(c.who, id, c.str("reason"), o);
  else if (st == "resume") r = p.resume(c.who, id, o);
  else if (st == "fulfil") r = p.fulfil(c.who, id, c.str("fulfilment"), o);
  else if (st == "close") r = p.close(c.who, id, o);
  else if (st == "cancel") r = p.cancel(c.who, id, c.str("reason"), o);
  else c.unknown("approve start step pend resume fulfil close cancel");
  if (!r) throw_error(errc::not_found, id.key() + " is not visible");
  return export_json(*r);
}

std::string rfc_step(const step_call& c, rfc_id id) {
  auto& p = c.s.changes();
  const auto& st = c.step;
  const auto& o = c.opts;
  std::optional<model::rfc> r;
  if (st == "assess") {
    r = p.assess(c.who, id, {c.str("risk"), c.str("security_impact"), c.str("continuity_impact"), c.str("plans_impact"), c.str("cost")}, o);
  } else if (st == "decide") {
    const auto v = c.str("vote");
    if (v != "approve" && v != "reject") throw_error(errc::invalid_argument, "vote must be \"approve\" or \"reject\"");
    r = p.decide(c.who, id, v == "approve" ? vote::approve : vote::reject, c.str("comment"), o);
  } else if (st == "schedule") {
    const period window{parse_iso(c.str("start")), parse_iso(c.str("end"))};
    r = p.schedule(c.who, id, window, member<bool>(c.args, "accept_conflicts"), o);
  } else if (st == "build") r = p.mark_built(c.who, id, o);
  else if (st == "test") r = p.mark_tested(c.who, id, o);
  else if (st == "implement") r = p.start_implementation(c.who, id, o);
  else if (st == "complete") r = p.complete(c.who, id, member<bool>(c.args, "successful"), o);
  else if (st == "back_out") {
    const auto problem = c.str("problem");
    r = p.back_out(c.who, id, c.str("what_was_done"), c.str("investigation_summary"),
                   problem.empty() ? problem_id() : problem_id::parse(problem), o);
  } else if (st == "review") r = p.review(c.who, id, c.str("pir"), member<std::vector<std::string>>(c.args, "participants"), o);
  else if (st == "retrospective_review") r = p.retrospective_review(c.who, id, c.str("text"), o);
  else if (st == "close") r = p.close(c.who, id, o);
  else c.unknown("assess decide schedule build test implement complete back_out review retrospective_review close");
  return export_json(*r);
}

// The argument keys of each step, by the key's prefix: any other key is refused before the step
// runs (a misspelt "assignee" would otherwise assign to the group alone).
using step_keys = std::map<std::string_view, std::vector<std::string_view>>;
const step_keys incident_keys{{"assign", {"group", "assignee"}}, {"pend", {"reason"}}, {"resolve", {"resolution"}},
                              {"reopen", {"reason"}}, {"reprioritise", {"impact", "urgency"}},
                              {"classify", {"category", "security"}}, {"note", {"text"}}, {"declare_major", {"manager"}},
                              {"review", {"findings", "actions"}}};
const step_keys request_keys{{"step", {"step"}}, {"pend", {"reason"}}, {"fulfil", {"fulfilment"}}, {"cancel", {"reason"}}};
const step_keys rfc_keys{{"assess", {"risk", "security_impact", "continuity_impact", "plans_impact", "cost"}},
                         {"decide", {"vote", "comment"}}, {"schedule", {"start", "end", "accept_conflicts"}},
                         {"complete", {"successful"}}, {"back_out", {"what_was_done", "investigation_summary", "problem"}},
                         {"review", {"pir", "participants"}}, {"retrospective_review", {"text"}}};

void check_args(const json& args, const step_keys& steps, const std::string& step) {
  const auto it = steps.find(step);
  only_keys(args, it == steps.end() ? std::vector<std::string_view>{} : it->second, ("step " + step + ": args").c_str());
}

bool has_prefix(const std::string& key, std::string_view prefix) {
  return key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0 && key[prefix.size()] == '-';
}

// The ticket export of an incident or request key.
std::string ticket(sms& s, const actor& who, const std::string& key) {
  if (has_prefix(key, incident_tag::prefix)) return export_ticket(s, who, incident_id::parse(key));
  if (has_prefix(key, service_request_tag::prefix)) return export_ticket(s, who, service_request_id::parse(key));
  throw_error(errc::invalid_argument, "'" + key + "' is not an incident (INC-n) or service request (REQ-n) key");
}

}  // namespace

extern "C" {

itsm_status itsm_transition(itsm_sms* sms, const itsm_actor* who, const char* key, size_t key_size, const char* step,
                            size_t step_size, const char* args, size_t args_size, const itsm_write_options* options,
                            itsm_buffer* out) {
  return with_session("itsm_transition", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto k = text(key, key_size, "key");
    const auto st = text(step, step_size, "step");
    const auto j = parse(args, args_size, "args", json::object());
    if (!j.is_object()) throw_error(errc::invalid_argument, "args must be a JSON object");
    const auto o = c::options(options);
    const step_call call{s, a, st, j, o};
    if (has_prefix(k, incident_tag::prefix)) {
      check_args(j, incident_keys, st);
      return emit(out, incident_step(call, incident_id::parse(k)));
    }
    if (has_prefix(k, service_request_tag::prefix)) {
      check_args(j, request_keys, st);
      return emit(out, request_step(call, service_request_id::parse(k)));
    }
    if (has_prefix(k, rfc_tag::prefix)) {
      check_args(j, rfc_keys, st);
      return emit(out, rfc_step(call, rfc_id::parse(k)));
    }
    throw_error(errc::invalid_argument, "'" + k + "' is not an incident, service request or RFC key");
  });
}

itsm_status itsm_sla_figures(itsm_sms* sms, const itsm_actor* who, const char* key, size_t key_size, itsm_buffer* out) {
  return with_session("itsm_sla_figures", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto doc = json::parse(ticket(s, a, text(key, key_size, "key")));
    return emit(out, doc.at("sla").dump());
  });
}

itsm_status itsm_export_ticket(itsm_sms* sms, const itsm_actor* who, const char* key, size_t key_size,
                               itsm_buffer* out) {
  return with_session("itsm_export_ticket", sms, who, out, [&](itsm::sms& s, const actor& a) {
    return emit(out, ticket(s, a, text(key, key_size, "key")));
  });
}

}  // extern "C"
