// competence_management: training, competences, competence requirements and their gate.
#include "itsm/process/competence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "itsm/model/configuration_item.hpp"
#include "design_gates.hpp"
#include "transition.hpp"

namespace itsm {

using model::competence;
using model::competence_requirement;
using model::training_record;

namespace {

const char* const rule = "R-4.4-competence";

template <class T>
std::vector<T> of_person(detail::reader& r, const std::string& person) {
  storage::query q;
  if (!person.empty()) q.where_eq("person", person);
  return r.all<T>(q);
}

// The types of the RFC's scope CIs, as stored now.
std::vector<std::string> scope_types(storage::transaction& tx, const model::rfc& r) {
  std::vector<std::string> types;
  for (const auto& c : r.scope_cis)
    if (const auto ci = detail::load<model::configuration_item>(tx, c.key())) types.push_back(ci->type);
  return types;
}

}  // namespace

namespace detail {

std::vector<violation> competence_gate(storage::transaction& tx, const model::rfc& r, const std::string& person,
                                       timestamp at) {
  storage::query q;
  q.where_eq("person", person);
  const auto held = load_all<competence>(tx, q);
  const auto types = scope_types(tx, r);
  std::vector<violation> v;
  for (const auto& req : load_all<competence_requirement>(tx, storage::query{})) {
    if (!req.applies_to(types, r.scope_services)) continue;
    const bool ok = std::any_of(held.begin(), held.end(), [&](const competence& c) {
      return c.skill == req.skill && c.valid_at(at);
    });
    if (!ok)
      v.push_back({rule, fmt::format("{} needs a valid competence in '{}' to implement {} ({}: {})", person,
                                     req.skill, r.id.key(), req.id.key(), req.description)});
  }
  return v;
}

}  // namespace detail

competence_management::competence_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

training_record competence_management::record_training(const actor& who, training_record draft,
                                                       const write_options& opts) {
  detail::refuse_owned_fields("recording a training", {{"id", draft.id.valid()},
                                                       {"revision", draft.revision != 0},
                                                       {"recorded_by", !draft.recorded_by.empty()}});
  detail::write_scope w(*ctx_, who, "record");
  w.authorize("training_record", "", draft.person);
  draft.recorded_by = who.name;
  w.rules(draft.check(), "training_record", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "recorded");
  w.commit();
  return saved;
}

competence competence_management::grant(const actor& who, competence draft, const write_options& opts) {
  detail::refuse_owned_fields("granting a competence", {{"id", draft.id.valid()},
                                                        {"revision", draft.revision != 0},
                                                        {"assessed_by", !draft.assessed_by.empty()},
                                                        {"withdrawn", draft.withdrawn}});
  detail::write_scope w(*ctx_, who, "grant");
  w.authorize("competence", "", draft.person);
  auto v = draft.check();
  if (draft.training.valid()) {
    const auto t = detail::load<training_record>(w.tx(), draft.training.key());
    if (!t || t->person != draft.person)
      v.push_back({rule, fmt::format("{} is no training of {}", draft.training.key(), draft.person)});
  }
  w.rules(v, "competence", "");
  w.deny_if(draft.person == who.name, "competence", "", rule, who.name + " cannot record their own competence");
  draft.assessed_by = who.name;
  auto saved = w.save(std::move(draft), nullptr, opts, "granted");
  w.commit();
  return saved;
}

competence competence_management::withdraw(const actor& who, competence_id id, const std::string& reason,
                                           const write_options& opts) {
  detail::transition_spec<competence> spec{"withdraw", "withdraw", "withdrawn",
      [&](detail::write_scope&, const competence& before, competence& after, std::vector<violation>& v) {
        if (before.withdrawn) v.push_back({rule, before.id.key() + " is already withdrawn"});
        if (reason.empty()) v.push_back({rule, "withdrawing a competence records why"});
        after.withdrawn = true;
        after.withdrawal_reason = reason;
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

competence_requirement competence_management::require(const actor& who, competence_requirement draft,
                                                      const write_options& opts) {
  detail::refuse_owned_fields("defining a competence requirement", {{"id", draft.id.valid()},
                                                                    {"revision", draft.revision != 0},
                                                                    {"defined_by", !draft.defined_by.empty()},
                                                                    {"retired", draft.retired}});
  detail::write_scope w(*ctx_, who, "define");
  w.authorize("competence_requirement", "", draft.skill);
  draft.defined_by = who.name;
  auto v = draft.check();
  for (const auto& s : draft.services)
    if (!w.tx().get("service", s.key())) v.push_back({rule, "service " + s.key() + " does not exist"});
  for (const auto& t : draft.ci_types)
    if (!w.tx().get("ci_type", t)) v.push_back({rule, "CI type '" + t + "' does not exist"});
  w.rules(v, "competence_requirement", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "defined");
  w.commit();
  return saved;
}

competence_requirement competence_management::retire(const actor& who, competence_requirement_id id,
                                                     const write_options& opts) {
  detail::transition_spec<competence_requirement> spec{"retire", "retire", "retired",
      [&](detail::write_scope&, const competence_requirement& before, competence_requirement& after,
          std::vector<violation>& v) {
        if (before.retired) v.push_back({rule, before.id.key() + " is already retired"});
        after.retired = true;
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

std::vector<training_record> competence_management::trainings(const actor& who, const std::string& person) const {
  detail::reader r(*ctx_, who, "training_record");
  return of_person<training_record>(r, person);
}

std::vector<competence> competence_management::competences(const actor& who, const std::string& person) const {
  detail::reader r(*ctx_, who, "competence");
  return of_person<competence>(r, person);
}

std::vector<competence_requirement> competence_management::requirements(const actor& who) const {
  return detail::reader(*ctx_, who, "competence_requirement").all<competence_requirement>();
}

std::vector<std::string> competence_management::people(const actor& who) const {
  std::set<std::string> names;
  for (const auto& t : trainings(who)) names.insert(t.person);
  for (const auto& c : competences(who)) names.insert(c.person);
  return {names.begin(), names.end()};
}

std::vector<violation> competence_management::gaps(const actor& who, rfc_id rfc, const std::string& person) const {
  detail::authorize_read(*ctx_, who, "competence", "");
  detail::reader r(*ctx_, who, "rfc");
  const auto change = r.one<model::rfc>(rfc.key());
  if (!change) throw_error(errc::not_found, rfc.key() + " not found");
  return detail::competence_gate(r.tx(), *change, person, ctx_->clk->now());
}

}  // namespace itsm
