// The SMS plan and controlled documents (R-4.5-scope-plan, R-4.3-documents, R-9.1-library).
#include <fmt/format.h>

#include "itsm/model/change.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/management.hpp"
#include "management_versions.hpp"
#include "transition.hpp"
#include "reads.hpp"

namespace itsm {

using model::controlled_document;
using model::sms_plan;
using model::version_state;

namespace {
const char* const plan_kind = "sms_plan";
const char* const document_kind = "controlled_document";

void refuse_library_fields(const char* op, const auto& draft) {
  detail::refuse_owned_fields(op, {{"id", draft.id.valid()},
                                   {"revision", draft.revision != 0},
                                   {"version", draft.version != 0},
                                   {"state", draft.state != version_state::draft},
                                   {"author", !draft.author.empty()},
                                   {"approved_by", !draft.approved_by.empty()},
                                   {"approved_at", !draft.approved_at.is_special()}});
}

std::vector<violation> plan_rules(detail::write_scope& w, const sms_plan& p) {
  std::vector<violation> v;
  for (const auto& s : p.services)
    if (!detail::load<model::service>(w.tx(), s.key()))
      v.push_back({"R-4.5-scope-plan", fmt::format("the plan's scope names {}, which is not a service", s.key())});
  return v;
}

std::vector<violation> document_rules(detail::write_scope& w, const controlled_document& d) {
  std::vector<violation> v;
  for (const auto& r : d.releases)
    if (!detail::load<model::release>(w.tx(), r.key()))
      v.push_back({"R-9.1-library", fmt::format("document '{}' links {}, which is not a release", d.name, r.key())});
  if (!d.releases.empty() && d.type != model::document_type::media)
    v.push_back({"R-9.1-library", fmt::format("document '{}' links releases but is not a media master copy", d.name)});
  return v;
}

// Records a numbered draft of T (the plan or a document) through the write path.
template <class T>
T record_version(const detail::context& ctx, const actor& who, T draft, const char* kind, const char* rule,
                 std::vector<violation> (*extra)(detail::write_scope&, const T&), const write_options& opts) {
  refuse_library_fields("recording a version", draft);
  detail::write_scope w(ctx, who, "create");
  w.authorize(kind, "");
  auto v = detail::number_draft(w, draft, rule);
  for (auto& x : draft.check()) v.push_back(std::move(x));
  for (auto& x : extra(w, draft)) v.push_back(std::move(x));
  w.rules(v, kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "drafted");
  w.commit();
  return saved;
}
}  // namespace

management_system::management_system(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

sms_plan management_system::record_plan(const actor& who, sms_plan draft, const write_options& opts) {
  return record_version(*ctx_, who, std::move(draft), plan_kind, "R-4.5-scope-plan", &plan_rules, opts);
}

sms_plan management_system::approve_plan(const actor& who, sms_plan_id id, const write_options& opts) {
  return detail::approve_version<sms_plan>(*ctx_, who, id.key(), "R-4.5-scope-plan", &plan_rules, opts);
}

std::optional<sms_plan> management_system::current_plan(const actor& who) const {
  detail::reader r(*ctx_, who, plan_kind);
  storage::query q;
  q.where_eq("state", std::string(model::enum_to_string(version_state::approved)));
  auto all = r.all<sms_plan>(q);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<sms_plan> management_system::plan_versions(const actor& who) const {
  detail::reader r(*ctx_, who, plan_kind);
  return r.all<sms_plan>();
}

controlled_document management_system::record_document(const actor& who, controlled_document draft,
                                                       const write_options& opts) {
  return record_version(*ctx_, who, std::move(draft), document_kind, "R-4.3-documents", &document_rules, opts);
}

controlled_document management_system::approve_document(const actor& who, document_id id, const write_options& opts) {
  return detail::approve_version<controlled_document>(*ctx_, who, id.key(), "R-4.3-documents", &document_rules, opts);
}

namespace {
// A change to the current version of a document: withdrawal or a confirmed review.
detail::transition_spec<controlled_document> current_only(std::string action, std::string event) {
  detail::transition_spec<controlled_document> s;
  s.action = std::move(action);
  s.event = std::move(event);
  return s;
}
}  // namespace

controlled_document management_system::withdraw_document(const actor& who, document_id id, const write_options& opts) {
  auto spec = current_only("withdraw", "withdrawn");
  spec.rules = [](detail::write_scope&, const controlled_document& before, controlled_document& after,
                  std::vector<violation>& v) {
    if (before.state != version_state::approved)
      v.push_back({"R-4.3-documents", fmt::format("{} is not the current version", before.id.key())});
    after.state = version_state::obsolete;
  };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

controlled_document management_system::confirm_review(const actor& who, document_id id, timestamp next_due,
                                                      const write_options& opts) {
  auto spec = current_only("review", "reviewed");
  spec.rules = [next_due](detail::write_scope& w, const controlled_document& before, controlled_document& after,
                          std::vector<violation>& v) {
    if (before.state != version_state::approved)
      v.push_back({"R-4.3-documents", fmt::format("{} is not the current version", before.id.key())});
    if (next_due.is_special() || !(w.now() < next_due))
      v.push_back({"R-4.3-documents", "the next review date must be in the future"});
    after.review_due = next_due;
  };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

std::optional<controlled_document> management_system::find_document(const actor& who, document_id id) const {
  detail::reader r(*ctx_, who, document_kind);
  return r.one<controlled_document>(id.key());
}

std::optional<controlled_document> management_system::current_document(const actor& who,
                                                                        const std::string& name) const {
  for (auto& d : document_versions(who, name))
    if (d.state == version_state::approved) return d;
  return std::nullopt;
}

std::vector<controlled_document> management_system::document_versions(const actor& who,
                                                                       const std::string& name) const {
  detail::reader r(*ctx_, who, document_kind);
  storage::query q;
  q.where_eq("name", name);
  auto all = r.all<controlled_document>(q);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  return all;
}

std::vector<controlled_document> management_system::overdue_reviews(const actor& who, timestamp at) const {
  detail::reader r(*ctx_, who, document_kind);
  storage::query q;
  q.where_eq("state", std::string(model::enum_to_string(version_state::approved)));
  std::vector<controlled_document> out;
  for (auto& d : r.all<controlled_document>(q))
    if (d.review_due < at) out.push_back(std::move(d));
  return out;
}

}  // namespace itsm
