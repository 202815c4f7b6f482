// continuity_management: plans under change management, plan tests, RFC links and plan export.
#include "itsm/process/continuity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "itsm/model/configuration_item.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/configuration.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"
#include "rfc_touch.hpp"

namespace itsm {

using model::continuity_plan;
using model::plan_test;

namespace {

const char* const plan_kind_name = "continuity_plan";
const char* const test_kind_name = "plan_test";

std::vector<violation> plan_rules(storage::transaction& tx, const continuity_plan& p) {
  auto v = p.check();
  for (auto ci : p.covered_cis)
    if (!detail::load<model::configuration_item>(tx, ci.key()))
      v.push_back({"R-6.3-plans", fmt::format("plan '{}' covers {}: no such CI", p.name, ci.key())});
  for (auto s : p.covered_services)
    if (!detail::load<model::service>(tx, s.key()))
      v.push_back({"R-6.3-plans", fmt::format("plan '{}' covers {}: no such service", p.name, s.key())});
  return v;
}

// Plans change under change management: the revision names an RFC being implemented.
std::vector<violation> change_rules(storage::transaction& tx, const std::string& plan, const std::string& reference) {
  const auto need = fmt::format("{} changes under change management: revise it under an RFC in implementation "
                                "(write_options.reference)", plan);
  std::optional<model::rfc> r;
  try {
    if (!reference.empty()) r = detail::load<model::rfc>(tx, rfc_id::parse(reference).key());
  } catch (const error&) {
  }
  if (!r) return {{"R-6.3-plans", need + (reference.empty() ? "" : "; " + reference + " is not an RFC")}};
  if (r->state != model::rfc_state::implementing)
    return {{"R-6.3-plans", need + "; " + reference + " is " + std::string(model::enum_to_string(r->state))}};
  return {};
}

}  // namespace

continuity_management::continuity_management(std::shared_ptr<const detail::context> ctx,
                                             const configuration_management& configuration)
    : ctx_(std::move(ctx)), configuration_(configuration) {}

continuity_plan continuity_management::add_plan(const actor& who, continuity_plan draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_plan takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize(plan_kind_name, "");
  draft.version = 1;
  draft.approved_at = w.now();
  draft.changed_under.clear();
  w.rules(plan_rules(w.tx(), draft), plan_kind_name, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

continuity_plan continuity_management::revise_plan(const actor& who, const continuity_plan& edited,
                                                   const write_options& opts) {
  detail::write_scope w(*ctx_, who, "revise");
  auto before = w.get<continuity_plan>(edited.id.key());
  w.authorize(plan_kind_name, edited.id.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict,
                fmt::format("{} is at revision {}, not {}", edited.id.key(), before.revision, edited.revision));
  auto after = edited;
  after.version = before.version + 1;
  after.approved_at = w.now();
  after.changed_under = opts.reference;
  auto v = change_rules(w.tx(), edited.id.key(), opts.reference);
  for (auto& x : plan_rules(w.tx(), after)) v.push_back(std::move(x));
  w.rules(v, plan_kind_name, edited.id.key());
  auto saved = w.save(std::move(after), &before, opts, "revised");
  w.commit();
  return saved;
}

plan_test continuity_management::record_test(const actor& who, continuity_plan_id plan, model::test_result result,
                                             const std::string& findings, const std::string& follow_up,
                                             const write_options& opts) {
  detail::write_scope w(*ctx_, who, "create");
  const auto p = w.get<continuity_plan>(plan.key());
  w.authorize(test_kind_name, "", "of " + plan.key());
  plan_test t{{}, 0, plan, p.version, w.now(), result, findings, follow_up, who.name};
  auto v = t.check();
  if (p.retired) v.push_back({"R-6.3-test", fmt::format("{} is retired", plan.key())});
  w.rules(v, test_kind_name, "");
  auto saved = w.save(std::move(t), nullptr, opts, "recorded");
  w.commit();
  return saved;
}

std::optional<continuity_plan> continuity_management::find(const actor& who, continuity_plan_id id) const {
  detail::reader r(*ctx_, who, plan_kind_name);
  return r.one<continuity_plan>(id.key());
}

std::vector<continuity_plan> continuity_management::plans(const actor& who) const {
  detail::reader r(*ctx_, who, plan_kind_name);
  return r.all<continuity_plan>();
}

std::vector<plan_test> continuity_management::tests(const actor& who, continuity_plan_id plan) const {
  detail::reader r(*ctx_, who, test_kind_name);
  storage::query q;
  q.where_eq("plan", plan.key());
  return r.all<plan_test>(q);
}

std::vector<continuity_plan> continuity_management::plans_touched_by(const actor& who, rfc_id id) const {
  detail::authorize_read(*ctx_, who, plan_kind_name, "");
  const auto g = configuration_.graph(who);
  detail::reader r(*ctx_, who, "rfc");
  const auto rfc = r.one<model::rfc>(id.key());
  if (!rfc) throw_error(errc::not_found, fmt::format("{} not found", id.key()));
  return detail::plans_touching(g, r.all<continuity_plan>(), detail::rfc_nodes(*rfc));
}

std::string continuity_management::export_plan(const actor& who, continuity_plan_id id) const {
  using json = nlohmann::json;
  detail::authorize_read(*ctx_, who, test_kind_name, "");
  const auto g = configuration_.graph(who);
  detail::reader r(*ctx_, who, plan_kind_name);
  const auto p = r.one<continuity_plan>(id.key());
  if (!p) throw_error(errc::not_found, fmt::format("{} not found", id.key()));
  const auto nodes = detail::covered_nodes(g, *p);
  std::vector<std::string> ci_keys, service_keys;
  for (auto n : nodes) (n < 0 ? service_keys : ci_keys).push_back(n < 0 ? service_id(-n).key() : ci_id(n).key());
  json cis = json::array(), services = json::array(), tests = json::array();
  for (const auto& c : r.visible<model::configuration_item>(ci_keys))
    cis.push_back({{"id", c.id.key()}, {"type", c.type}, {"name", c.name},
                   {"status", model::enum_to_string(c.status)}, {"location", c.location}});
  for (const auto& s : r.visible<model::service>(service_keys))
    services.push_back({{"id", s.id.key()}, {"name", s.name}, {"owner", s.owner}});
  storage::query q;
  q.where_eq("plan", id.key());
  for (const auto& t : r.all<plan_test>(q))
    tests.push_back({{"id", t.id.key()}, {"version", t.plan_version}, {"tested_at", to_iso(t.tested_at)},
                     {"result", model::enum_to_string(t.result)}, {"findings", t.findings}, {"follow_up", t.follow_up}});
  const json doc{{"schema", "itsm.plan/1"},
                 {"plan", {{"id", p->id.key()}, {"name", p->name}, {"kind", model::enum_to_string(p->kind)},
                           {"version", p->version}, {"owner", p->owner}, {"approved_at", to_iso(p->approved_at)},
                           {"content", p->content}}},
                 {"contacts", p->contacts},
                 {"tests", tests},
                 {"cmdb", {{"configuration_items", cis}, {"services", services}}}};
  // Texts are valid UTF-8 (every stored value passed the model's encode), so dump cannot throw.
  return doc.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace itsm
