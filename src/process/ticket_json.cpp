// Import of a ticket in the export schema itsm.export/1 (docs/tickets.md) through the write path:
// legacy tickets migrate with their original timestamps, validated (not in the future, in
// order), audited under action "import". Everything is checked before anything is written, and a
// malformed document is itsm::error(invalid_argument): no JSON exception reaches the caller.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "itsm/process/export.hpp"
#include "itsm/process/tickets.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "record_json.hpp"
#include "ticket_fields.hpp"
#include "ticket_support.hpp"
#include "../core/json_unique.hpp"

namespace itsm {

namespace {

using json = nlohmann::json;
using model::incident;
using model::service_request;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw_error(errc::invalid_argument, "ticket import: " + where + " " + what);
}

// Refuses any key of object `j` not in `known`.
void only_keys(const json& j, const std::string& where, std::initializer_list<const char*> known) {
  if (!j.is_object()) bad(where, "must be an object");
  for (const auto& item : j.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || item.key() == k;
    if (!ok) bad(where + "." + item.key(), "is not a known key");
  }
}

// An export_record document of kind T: known keys only, each field of its type. Fields it
// leaves out keep T's defaults. The id is not kept (the store assigns its own).
template <class T>
T record_from(const json& doc, const std::string& where) {
  only_keys(doc, where, {"schema", "kind", "id", "revision", "fields"});
  const auto& k = T::def();
  if (doc.contains("kind") && doc["kind"] != k.name()) bad(where + ".kind", "must be \"" + k.name() + "\"");
  if (!doc.contains("fields")) return T{};
  return detail::overlay_fields(doc["fields"], T{}, "ticket import: " + where + ".fields");
}

template <class T>
std::vector<T> records_from(const json& doc, const char* key) {
  std::vector<T> out;
  if (!doc.contains(key) || doc[key].is_null()) return out;
  if (!doc[key].is_array()) bad(key, "must be an array");
  for (std::size_t i = 0; i < doc[key].size(); ++i)
    out.push_back(record_from<T>(doc[key][i], std::string(key) + "[" + std::to_string(i) + "]"));
  return out;
}

// The milestones of a ticket's life the document's instants must agree with: each
// (state reached, instant field, instant), in order.
struct milestone {
  std::string state;
  const char* field;
  timestamp at;
  bool reached;
};
std::vector<milestone> milestones(const incident& t) {
  using st = model::incident_state;
  const bool resolved = t.state == st::resolved || t.state == st::closed;
  return {{"recorded", "opened_at", t.opened_at, true},
          {"resolved", "resolved_at", t.resolved_at, resolved},
          {"closed", "closed_at", t.closed_at, t.state == st::closed}};
}
std::vector<milestone> milestones(const service_request& t) {
  using st = model::request_state;
  const bool fulfilled = t.state == st::fulfilled || t.state == st::closed;
  return {{"recorded", "opened_at", t.opened_at, true},
          {"fulfilled", "fulfilled_at", t.fulfilled_at, fulfilled},
          {"closed", "closed_at", t.closed_at, t.state == st::closed || t.state == st::cancelled}};
}

// Every instant of the document: set where the state needs it, unset where it does not, not in
// the future and in order (R-9.1-trace: an imported history is a plausible history).
void instant_rules(const std::vector<milestone>& ms, const std::string& state, timestamp now, const char* rule,
                   std::vector<violation>& v) {
  timestamp last;
  for (const auto& m : ms) {
    if (m.reached && m.at.is_special()) v.push_back({rule, std::string(m.field) + " is required in state " + state});
    if (!m.reached && !m.at.is_special()) v.push_back({rule, std::string(m.field) + " is set but the state is " + state});
    if (m.at.is_special()) continue;
    if (m.at > now) v.push_back({rule, std::string(m.field) + " " + to_iso(m.at) + " is in the future"});
    if (!last.is_special() && m.at < last) v.push_back({rule, std::string(m.field) + " is before the previous instant"});
    last = m.at;
  }
}

// An instant of the history: between opened_at and now, not before `previous`.
void within(timestamp at, timestamp opened, timestamp now, timestamp previous, const std::string& what,
            const char* rule, std::vector<violation>& v) {
  if (at.is_special()) v.push_back({rule, what + " has no instant"});
  else if (at < opened || at > now) v.push_back({rule, what + " " + to_iso(at) + " is outside opened_at .. now"});
  else if (!previous.is_special() && at < previous) v.push_back({rule, what + " is earlier than the entry before it"});
}

struct import_doc {
  std::string legacy_id;
  std::vector<ticket_event> log;
  std::vector<model::ticket_comment> comments;
  std::vector<std::string> comment_ids;  // the document's ids, for corrections
  std::vector<model::ticket_attachment> attachments;
};

// The kind-specific part of the rules: references that must exist, priority and routing.
std::vector<violation> reference_rules(detail::write_scope& w, const ticket_policy& policy, incident& t) {
  std::vector<violation> v;
  std::string ci_type;
  if (t.ci.valid()) {
    if (auto ci = detail::load<model::configuration_item>(w.tx(), t.ci.key())) ci_type = ci->type;
    else v.push_back({"R-8.1-procedure", "CI " + t.ci.key() + " does not exist"});
  }
  if (t.problem.valid() && !detail::load<model::problem>(w.tx(), t.problem.key()))
    v.push_back({"R-8.2-procedure", "problem " + t.problem.key() + " does not exist"});
  if (t.priority == 0 && t.impact >= 1 && t.impact <= 3 && t.urgency >= 1 && t.urgency <= 3)
    t.priority = policy.matrix.priority(t.impact, t.urgency);
  if (t.assignment_group.empty())
    t.assignment_group = detail::route(policy, {"incident", t.category, t.service.key(), ci_type});
  return v;
}
std::vector<violation> reference_rules(detail::write_scope&, const ticket_policy& policy, service_request& t) {
  if (t.assignment_group.empty())
    t.assignment_group = detail::route(policy, {"service_request", t.request_type, t.service.key(), ""});
  return {};
}

template <class T>
ticket_ref import_as(const detail::context& ctx, const actor& who, T t, import_doc doc, write_options opts) {
  const std::string kind = T::def().name();
  const char* rule = detail::ticket_rule(kind);
  if (opts.reference.empty() && !doc.legacy_id.empty()) opts.reference = "imported:" + doc.legacy_id;
  detail::write_scope w(ctx, who, "import");
  const auto now = w.now();
  const auto policy = ctx.policies->tickets(w.tx());
  auto v = t.check();
  const std::string state(model::enum_to_string(t.state));
  instant_rules(milestones(t), state, now, rule, v);
  for (auto& x : detail::customer_rules(w.tx(), who, t.customer, t.service)) v.push_back(std::move(x));
  if (t.service.valid() && !detail::load<model::service>(w.tx(), t.service.key()))
    v.push_back({rule, "service " + t.service.key() + " is not in the catalogue"});
  // The SLA version it is measured against (R-6.1-change): the one named, or the one in force now.
  if (t.sla.valid()) {
    const auto s = detail::sla_at(w.tx(), t.sla, t.sla_revision);
    if (!s || s->service != t.service)
      v.push_back({"R-6.1-sla", fmt::format("SLA {} (revision {}) is not agreed for the service", t.sla.key(), t.sla_revision)});
    else
      t.sla_revision = s->revision;
  } else if (auto s = detail::default_sla(w.tx(), t.service)) {
    t.sla = s->id;
    t.sla_revision = s->revision;
  }
  for (auto& x : reference_rules(w, *policy, t)) v.push_back(std::move(x));
  for (auto& x : detail::custom_field_rules(*policy, kind, t.custom)) v.push_back(std::move(x));
  timestamp previous;
  for (std::size_t i = 0; i < doc.log.size(); ++i) {
    within(doc.log[i].at, t.opened_at, now, previous, "log[" + std::to_string(i) + "]", rule, v);
    if (doc.log[i].type.empty()) v.push_back({rule, "log[" + std::to_string(i) + "] has no type"});
    previous = doc.log[i].at;
  }
  std::set<std::string> earlier;
  for (std::size_t i = 0; i < doc.comments.size(); ++i) {
    auto& c = doc.comments[i];
    c.ticket = kind == "incident" ? "INC-1" : "REQ-1";  // for check()'s rule
    within(c.at, t.opened_at, now, {}, "comments[" + std::to_string(i) + "]", rule, v);
    for (auto& x : c.check()) v.push_back(std::move(x));
    if (c.corrects.valid() && !earlier.count(c.corrects.key()))
      v.push_back({rule, "comments[" + std::to_string(i) + "] corrects a comment that is not earlier in the document"});
    earlier.insert(doc.comment_ids[i]);
  }
  for (std::size_t i = 0; i < doc.attachments.size(); ++i) {
    auto& a = doc.attachments[i];
    a.ticket = kind == "incident" ? "INC-1" : "REQ-1";
    within(a.added_at, t.opened_at, now, {}, "attachments[" + std::to_string(i) + "]", rule, v);
    for (auto& x : a.check()) v.push_back(std::move(x));
  }
  w.authorize(kind, "", "import", t.customer.key());
  w.rules(v, kind, "");

  auto saved = w.save(std::move(t), nullptr, opts, "imported");
  const auto key = saved.id.key();
  if (doc.log.empty()) {  // no history given: the milestones are the history
    std::string from;
    for (const auto& m : milestones(saved)) {
      if (!m.reached) continue;
      doc.log.push_back(ticket_event{{}, 0, {}, 0, m.at, "state", from, m.state, "imported", {}});
      from = m.state;
    }
    if (from != state)
      doc.log.push_back(ticket_event{{}, 0, {}, 0, doc.log.back().at, "state", from, state, "imported", {}});
  }
  std::int64_t seq = 0;
  for (auto& e : doc.log) {
    e.key = detail::log_key(key, ++seq);
    e.ticket = key;
    e.seq = seq;
    if (e.actor.empty()) e.actor = w.who().name;
    w.save(std::move(e), nullptr, opts, "logged");
  }
  w.last_in_series(ticket_event::def().name() + ":" + key) = seq;
  std::map<std::string, comment_id> renamed;
  for (std::size_t i = 0; i < doc.comments.size(); ++i) {
    auto& c = doc.comments[i];
    c.ticket = key;
    c.customer = saved.customer;
    if (c.corrects.valid()) c.corrects = renamed.at(c.corrects.key());
    renamed[doc.comment_ids[i]] = w.save(std::move(c), nullptr, opts, "added").id;
  }
  for (auto& a : doc.attachments) {
    a.ticket = key;
    a.customer = saved.customer;
    w.save(std::move(a), nullptr, opts, "added");
  }
  w.commit();
  return ticket_ref(saved.id);
}

template <class T>
ticket_ref import_json(const detail::context& ctx, const actor& who, const json& doc, const write_options& opts) {
  import_doc parts;
  auto t = record_from<T>(doc["ticket"], "ticket");
  if (doc["ticket"].contains("id") && doc["ticket"]["id"].is_string()) parts.legacy_id = doc["ticket"]["id"];
  parts.log = records_from<ticket_event>(doc, "log");
  parts.comments = records_from<model::ticket_comment>(doc, "comments");
  if (doc.contains("comments"))
    for (const auto& c : doc["comments"])
      parts.comment_ids.push_back(c.contains("id") && c["id"].is_string() ? c["id"].get<std::string>() : "");
  parts.attachments = records_from<model::ticket_attachment>(doc, "attachments");
  return import_as<T>(ctx, who, std::move(t), std::move(parts), opts);
}

}  // namespace

ticket_ref ticket_management::import_ticket(const actor& who, std::string_view text, const write_options& opts) {
  json doc;
  try {
    auto parsed = detail::parse_unique_keys(text);  // a key given twice, or a NUL byte: refused
    if (!parsed.problem.empty()) bad("the document", "is not valid JSON: " + parsed.problem);
    doc = std::move(parsed.doc);
  } catch (const json::exception& e) {
    bad("the document", std::string("is not valid JSON: ") + e.what());
  }
  try {
    // links name tickets of the system the document came from; sla is derived, recomputed here.
    only_keys(doc, "document", {"schema", "kind", "ticket", "log", "links", "sla", "comments", "attachments"});
    if (!doc.contains("schema") || doc["schema"] != export_schema)
      bad("schema", "must be \"" + std::string(export_schema) + "\"");
    if (!doc.contains("ticket")) bad("ticket", "is missing");
    if (doc["kind"] == "incident") return import_json<incident>(*ctx_, who, doc, opts);
    if (doc["kind"] == "service_request") return import_json<service_request>(*ctx_, who, doc, opts);
    bad("kind", "must be \"incident\" or \"service_request\"");
  } catch (const json::exception& e) {
    bad("the document", std::string("cannot be read: ") + e.what());
  }
}

}  // namespace itsm
