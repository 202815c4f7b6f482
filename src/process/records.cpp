// records_management: retention rules, legal holds, the records due and their disposal.
#include "itsm/process/records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "records_due.hpp"
#include "reads.hpp"
#include "record_customer.hpp"
#include "transition.hpp"

namespace itsm {

using model::disposal;
using model::legal_hold;
using model::retention_rule;

namespace {

const char* const rule_id = "R-4.3-records";

// Kinds a rule may not cover: the retention records themselves (their history is the proof).
bool retention_kind(std::string_view kind) {
  return kind == "retention_rule" || kind == "legal_hold" || kind == "disposal";
}

std::vector<retention_rule> rules_in_force(storage::transaction& tx) {
  auto all = detail::load_all<retention_rule>(tx, storage::query{});
  std::erase_if(all, [](const retention_rule& r) { return r.retired; });
  return all;
}

std::vector<legal_hold> holds_on(storage::transaction& tx, const std::string& kind, const std::string& id) {
  storage::query q;
  q.where_eq("kind", kind);
  q.where_eq("object_id", id);
  return detail::load_all<legal_hold>(tx, q);
}

// Where the rule's from_field sits in its kind's schema, or npos.
std::size_t field_index(const storage::schema& s, const std::string& name) {
  for (std::size_t i = 0; i < s.fields.size(); ++i)
    if (s.fields[i].name == name) return s.fields[i].type == value_type::time ? i : std::string::npos;
  return std::string::npos;
}

}  // namespace

namespace detail {

std::vector<due_record> records_due(const context& ctx, const actor& who, storage::transaction& tx, timestamp at) {
  std::vector<due_record> out;
  for (const auto& rule : rules_in_force(tx)) {
    authorize_read(ctx, who, rule.kind, "");
    const auto& s = ctx.schema(rule.kind);
    const auto i = field_index(s, rule.from_field);
    if (i == std::string::npos) continue;  // checked when the rule was stored
    tx.for_each(rule.kind, [&](std::string_view id, std::int64_t revision, const std::vector<value>& values) {
      if (values[i].is_null()) return true;
      const auto from = values[i].as_time();
      const auto due = rule.due_at(from);
      if (at < due) return true;
      // Only records the caller may see, as every list (an authorizer may scope them by customer).
      const storage::record rec{std::string(id), revision, values};
      if (ask_authorizer(ctx, access_request{who, "read", rule.kind, rec.id, "", customer_of(s, rec), &rec}).allowed)
        out.push_back({rule.kind, rec.id, rule.id, from, due, false});
      return true;
    });
  }
  std::sort(out.begin(), out.end(), [](const due_record& a, const due_record& b) {
    return std::tie(a.kind, a.id) < std::tie(b.kind, b.id);
  });
  for (const auto& h : load_all<legal_hold>(tx, storage::query{})) {
    if (!h.holds_at(at)) continue;
    for (auto& d : out)
      if (d.kind == h.kind && d.id == h.object_id) d.on_hold = true;
  }
  return out;
}

}  // namespace detail

records_management::records_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

retention_rule records_management::define_rule(const actor& who, retention_rule draft, const write_options& opts) {
  detail::refuse_owned_fields("defining a retention rule", {{"id", draft.id.valid()},
                                                           {"revision", draft.revision != 0},
                                                           {"defined_by", !draft.defined_by.empty()},
                                                           {"retired", draft.retired}});
  detail::write_scope w(*ctx_, who, "define");
  w.authorize("retention_rule", "", draft.kind);
  draft.defined_by = who.name;
  auto v = draft.check();
  const auto s = ctx_->schemas.find(draft.kind);
  if (!draft.kind.empty() && (s == ctx_->schemas.end() || retention_kind(draft.kind)))
    v.push_back({rule_id, fmt::format("'{}' is not a record kind a retention rule can cover", draft.kind)});
  else if (s != ctx_->schemas.end() && !draft.from_field.empty() && field_index(s->second, draft.from_field) == std::string::npos)
    v.push_back({rule_id, fmt::format("'{}' is no time field of {}", draft.from_field, draft.kind)});
  for (const auto& r : rules_in_force(w.tx()))
    if (r.kind == draft.kind) v.push_back({rule_id, fmt::format("{} already keeps {} records", r.id.key(), r.kind)});
  w.rules(v, "retention_rule", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "defined");
  w.commit();
  return saved;
}

retention_rule records_management::retire_rule(const actor& who, retention_rule_id id, const write_options& opts) {
  detail::transition_spec<retention_rule> spec{"retire", "retire", "retired",
      [&](detail::write_scope&, const retention_rule& before, retention_rule& after, std::vector<violation>& v) {
        if (before.retired) v.push_back({rule_id, before.id.key() + " is already retired"});
        after.retired = true;
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

legal_hold records_management::place_hold(const actor& who, legal_hold draft, const write_options& opts) {
  detail::refuse_owned_fields("placing a legal hold", {{"id", draft.id.valid()},
                                                      {"revision", draft.revision != 0},
                                                      {"placed_at", !draft.placed_at.is_special()},
                                                      {"placed_by", !draft.placed_by.empty()},
                                                      {"released", draft.released},
                                                      {"released_at", !draft.released_at.is_special()},
                                                      {"released_by", !draft.released_by.empty()}});
  detail::write_scope w(*ctx_, who, "place");
  w.authorize("legal_hold", "", draft.kind + "/" + draft.object_id);
  auto v = draft.check();
  if (v.empty() && (!ctx_->schemas.count(draft.kind) || !w.tx().get(draft.kind, draft.object_id)))
    v.push_back({rule_id, fmt::format("there is no {} {} to hold", draft.kind, draft.object_id)});
  w.rules(v, "legal_hold", "");
  draft.placed_at = w.now();
  draft.placed_by = who.name;
  auto saved = w.save(std::move(draft), nullptr, opts, "placed");
  w.commit();
  return saved;
}

legal_hold records_management::release_hold(const actor& who, legal_hold_id id, const write_options& opts) {
  detail::transition_spec<legal_hold> spec{"release", "release", "released",
      [&](detail::write_scope& w, const legal_hold& before, legal_hold& after, std::vector<violation>& v) {
        if (before.released) v.push_back({rule_id, before.id.key() + " is already released"});
        after.released = true;
        after.released_at = w.now();
        after.released_by = w.who().name;
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

disposal records_management::dispose(const actor& who, const std::string& kind, const std::string& id,
                                     const write_options& opts) {
  detail::write_scope w(*ctx_, who, "dispose");
  w.authorize("disposal", "", kind + "/" + id);
  const auto stored = ctx_->schemas.count(kind) && !retention_kind(kind) ? w.tx().get(kind, id) : std::nullopt;
  if (!stored) throw_error(errc::not_found, fmt::format("{} {} not found", kind, id));
  std::vector<violation> v;
  disposal d;
  d.kind = kind;
  d.object_id = id;
  d.disposed_at = w.now();
  d.disposed_by = who.name;
  const auto rules = rules_in_force(w.tx());
  const auto rule = std::find_if(rules.begin(), rules.end(), [&](const retention_rule& r) { return r.kind == kind; });
  if (rule == rules.end()) {
    v.push_back({rule_id, fmt::format("no retention rule in force keeps {} records: nothing says {} may go", kind, id)});
  } else {
    d.rule = rule->id;
    const auto i = field_index(ctx_->schema(kind), rule->from_field);
    const auto from = i < stored->values.size() ? stored->values[i] : value();
    if (from.is_null()) {
      v.push_back({rule_id, fmt::format("{} has no {}: its retention under {} has not started", id, rule->from_field,
                                        rule->id.key())});
    } else {
      d.retained_from = from.as_time();
      d.due_at = rule->due_at(d.retained_from);
      if (w.now() < d.due_at)
        v.push_back({rule_id, fmt::format("{} is kept until {} under {} ({} years from {})", id, to_iso(d.due_at),
                                          rule->id.key(), rule->years, rule->from_field)});
    }
  }
  for (const auto& h : holds_on(w.tx(), kind, id))
    if (h.holds_at(w.now()))
      v.push_back({rule_id, fmt::format("{} is under legal hold {} ({})", id, h.id.key(), h.reason)});
  w.rules(v, kind, id);
  std::tie(d.entries_redacted, d.entries_kept) = w.redact_history(kind, id);
  w.erase(kind, id, stored->revision, fmt::format(R"({{"disposed_under":[null,"{}"]}})", d.rule.key()), opts,
          "disposed");
  auto saved = w.save(std::move(d), nullptr, opts, "recorded");
  w.commit();
  return saved;
}

std::vector<retention_rule> records_management::rules(const actor& who) const {
  return detail::reader(*ctx_, who, "retention_rule").all<retention_rule>();
}

std::vector<legal_hold> records_management::holds(const actor& who) const {
  return detail::reader(*ctx_, who, "legal_hold").all<legal_hold>();
}

std::vector<due_record> records_management::due(const actor& who, timestamp at) const {
  // Not an instant: not_a_date_time would make every record due, +-infinity all or none.
  if (at.is_special()) throw_error(errc::invalid_argument, "due needs an instant");
  detail::reader r(*ctx_, who, "retention_rule");
  detail::authorize_read(*ctx_, who, "legal_hold", "");
  return detail::records_due(*ctx_, who, r.tx(), at);
}

std::vector<disposal> records_management::disposals(const actor& who, timestamp from, timestamp to) const {
  if (from.is_special() || to.is_special() || !(from < to))
    throw_error(errc::invalid_argument, "disposals needs a period with from < to");
  detail::reader r(*ctx_, who, "disposal");
  auto all = r.all<disposal>();
  std::erase_if(all, [&](const disposal& d) { return d.disposed_at < from || !(d.disposed_at < to); });
  std::sort(all.begin(), all.end(), [](const disposal& a, const disposal& b) {
    return std::tie(a.disposed_at, a.id) < std::tie(b.disposed_at, b.id);
  });
  return all;
}

}  // namespace itsm
