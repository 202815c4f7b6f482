// Scenarios of the management system, run on memory (process tests) and on a real SQLite file
// (sqlite tests). Each names the requirement it proves and checks it both ways.
#pragma once

#include <catch2/catch.hpp>

#include "unit/process/management_world.hpp"

namespace itsm::test {

// R-4.5-scope-plan: the plan is versioned; approval by someone other than the author puts a
// version in force and makes the previous one obsolete; an incomplete plan is refused.
inline void plan_is_versioned(management_world& w) {
  auto bad = w.plan_draft();
  bad.objectives.clear();
  bad.services = {service_id(99)};
  const auto seq = w.last_audit().seq;
  const auto refused = error_of([&] { w.m.record_plan(w.quinn, bad); });
  CHECK(refused.code() == errc::rule_violation);
  CHECK(names_rule(refused, "R-4.5-scope-plan"));
  CHECK(w.count("sms_plan") == 0);
  CHECK(w.last_audit().seq == seq + 1);
  CHECK(w.last_audit().outcome == "refused");

  const auto v1 = w.m.record_plan(w.quinn, w.plan_draft());
  CHECK(v1.version == 1);
  CHECK(v1.author == "quinn");
  CHECK_FALSE(w.m.current_plan(w.viewer));
  CHECK(names_rule(error_of([&] { w.m.record_plan(w.quinn, w.plan_draft()); }), "R-4.5-scope-plan"));  // open draft
  const auto self = error_of([&] { w.m.approve_plan(w.quinn, v1.id); });
  CHECK(self.code() == errc::permission_denied);
  CHECK(names_rule(self, "R-4.5-scope-plan"));
  CHECK(w.m.approve_plan(w.dana, v1.id).state == model::version_state::approved);
  auto next = w.plan_draft();
  next.objectives.push_back("P1 incidents resolved within 4 h");
  const auto v2 = w.m.record_plan(w.quinn, next);
  CHECK(v2.version == 2);
  CHECK(w.m.current_plan(w.viewer)->id == v1.id);  // a draft is not in force
  w.m.approve_plan(w.dana, v2.id);
  CHECK(w.m.current_plan(w.viewer)->id == v2.id);
  const auto versions = w.m.plan_versions(w.viewer);
  REQUIRE(versions.size() == 2);
  for (const auto& p : versions)
    CHECK(p.state == (p.id == v1.id ? model::version_state::obsolete : model::version_state::approved));
  CHECK(w.system.verify().ok());
}

// R-4.3-documents: approval before issue by someone else; obsolete versions never current;
// overdue reviews are queryable. R-9.1-library: media carry a checksum and link real releases.
inline void documents_are_controlled(management_world& w) {
  auto incomplete = w.document_draft("Change procedure");
  incomplete.distribution.clear();
  incomplete.type = model::document_type::external;
  const auto e = error_of([&] { w.m.record_document(w.quinn, incomplete); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(names_rule(e, "R-4.3-documents"));
  CHECK(std::string(e.what()).find("issuer") != std::string::npos);

  const auto v1 = w.m.record_document(w.quinn, w.document_draft("Change procedure"));
  CHECK_FALSE(w.m.current_document(w.viewer, "Change procedure"));  // not issued before approval
  CHECK(code_of([&] { w.m.approve_document(w.quinn, v1.id); }) == errc::permission_denied);
  w.m.approve_document(w.dana, v1.id);
  const auto v2 = w.m.record_document(w.quinn, w.document_draft("Change procedure"));
  CHECK(v2.version == 2);
  CHECK(w.m.current_document(w.viewer, "Change procedure")->id == v1.id);
  w.m.approve_document(w.dana, v2.id);
  CHECK(w.m.current_document(w.viewer, "Change procedure")->id == v2.id);
  CHECK(w.m.find_document(w.viewer, v1.id)->state == model::version_state::obsolete);
  CHECK(names_rule(error_of([&] { w.m.approve_document(w.dana, v1.id); }), "R-4.3-documents"));

  CHECK(w.m.overdue_reviews(w.viewer, w.in_days(30)).empty());
  const auto late = w.m.overdue_reviews(w.viewer, w.in_days(200));
  REQUIRE(late.size() == 1);
  CHECK(late.front().id == v2.id);
  CHECK(names_rule(error_of([&] { w.m.confirm_review(w.quinn, v2.id, w.in_days(-1)); }), "R-4.3-documents"));
  w.m.confirm_review(w.quinn, v2.id, w.in_days(400));
  CHECK(w.m.overdue_reviews(w.viewer, w.in_days(200)).empty());

  auto media = w.document_draft("webshop 2.1 image");
  media.type = model::document_type::media;
  media.releases = {release_id(42)};
  const auto lib = error_of([&] { w.m.record_document(w.quinn, media); });
  CHECK(names_rule(lib, "R-9.1-library"));
  CHECK(std::string(lib.what()).find("RLS-42") != std::string::npos);
  media.releases.clear();
  media.checksum = std::string(64, 'a');
  CHECK(w.m.record_document(w.quinn, media).checksum == std::string(64, 'a'));
  CHECK(w.system.verify().ok());
}

// R-4.5-audit: auditors never audit their own work (from the audit trail); only the auditor
// raises findings and completes the audit; a nonconformity closes only after its corrective
// action is closed, verified by someone other than the action's owner.
inline void audits_find_and_follow_up(management_world& w) {
  const auto own = error_of([&] { w.m.plan_audit(w.quinn, w.audit_draft("sam")); });  // sam added the service
  CHECK(own.code() == errc::rule_violation);
  CHECK(names_rule(own, "R-4.5-audit"));
  CHECK(std::string(own.what()).find(w.shop.key()) != std::string::npos);
  CHECK(w.count("internal_audit") == 0);

  const auto audit = w.m.plan_audit(w.quinn, w.audit_draft("audrey"));
  CHECK(audit.planned_by == "quinn");
  CHECK(w.m.programme(w.viewer, w.in_days(0), w.in_days(30)).size() == 1);
  CHECK(w.m.programme(w.viewer, w.in_days(30), w.in_days(60)).empty());
  const audit_finding finding{"R-6.1-catalogue", "webshop has no SLA in the catalogue", {w.shop.key()}};
  CHECK(code_of([&] { w.m.raise_nonconformity(w.quinn, audit.id, finding); }) == errc::permission_denied);
  const auto nc = w.m.raise_nonconformity(w.audrey, audit.id, finding);
  CHECK(nc.state == model::nonconformity_state::open);
  const auto seeded = w.m.seed_findings(w.audrey, audit.id,
                                        {{"R-4.3-documents", "procedure not reviewed", {}},
                                         {"R-9.2-approve", "outside this audit's criteria", {}}});
  REQUIRE(seeded.size() == 1);
  CHECK(seeded.front().requirement == "R-4.3-documents");
  CHECK(code_of([&] { w.m.complete_audit(w.quinn, audit.id, "done"); }) == errc::permission_denied);
  CHECK(names_rule(error_of([&] { w.m.complete_audit(w.audrey, audit.id, ""); }), "R-4.5-audit"));
  CHECK(w.m.complete_audit(w.audrey, audit.id, "catalogue incomplete").state == model::audit_state::completed);
  CHECK(names_rule(error_of([&] { w.m.raise_nonconformity(w.audrey, audit.id, finding); }), "R-4.5-audit"));

  CHECK(names_rule(error_of([&] { w.m.close_nonconformity(w.quinn, nc.id, "checked"); }), "R-4.5-audit"));
  const auto action = w.m.plan_corrective_action(w.quinn, nc.id, w.improvement_draft("add the webshop SLA"));
  CHECK(action.type == model::improvement_type::corrective);
  CHECK(action.source == nc.id.key());
  CHECK(names_rule(error_of([&] { w.m.close_nonconformity(w.quinn, nc.id, "checked"); }), "R-4.5-audit"));
  w.m.approve_improvement(w.tess, action.id);
  w.m.implement(w.dana, action.id);
  w.m.close_improvement(w.dana, action.id, "SLA published, catalogue reviewed in March", true);
  CHECK(code_of([&] { w.m.close_nonconformity(w.dana, nc.id, "own action"); }) == errc::permission_denied);
  const auto closed = w.m.close_nonconformity(w.quinn, nc.id, "catalogue entry and SLA seen in March");
  CHECK(closed.state == model::nonconformity_state::closed);
  CHECK(closed.closed_by == "quinn");
  CHECK(w.system.verify().ok());
}

// R-4.5-improve: the register's workflow, its completeness rules and separation of duties.
inline void improvements_are_registered(management_world& w) {
  auto bad = w.improvement_draft("");
  bad.evaluation_criteria.clear();
  bad.priority = 9;
  bad.source = "PRB-9";
  const auto e = error_of([&] { w.m.propose(w.quinn, bad); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violations().size() >= 4);
  CHECK(names_rule(e, "R-4.5-improve"));
  CHECK(code_of([&] { w.m.propose(w.desk, w.improvement_draft("self-service portal")); }) == errc::permission_denied);
  auto owned = w.improvement_draft("x");
  owned.state = model::improvement_state::closed;
  CHECK(code_of([&] { w.m.propose(w.quinn, owned); }) == errc::invalid_argument);
  CHECK(w.count("improvement") == 0);

  const auto i = w.m.propose(w.quinn, w.improvement_draft("self-service portal"));
  CHECK(code_of([&] { w.m.approve_improvement(w.quinn, i.id); }) == errc::permission_denied);
  CHECK(names_rule(error_of([&] { w.m.close_improvement(w.tess, i.id, "done", true); }), "R-4.5-improve"));
  w.m.approve_improvement(w.tess, i.id);
  w.m.implement(w.dana, i.id);
  CHECK(names_rule(error_of([&] { w.m.close_improvement(w.dana, i.id, "", true); }), "R-4.5-improve"));
  const auto done = w.m.close_improvement(w.dana, i.id, "40 % of requests self-served", true);
  CHECK(done.state == model::improvement_state::closed);
  CHECK(done.approved_by == "tess");

  const auto j = w.m.propose(w.quinn, w.improvement_draft("second service desk"));
  CHECK(names_rule(error_of([&] { w.m.reject_improvement(w.tess, j.id, ""); }), "R-4.5-improve"));
  CHECK(w.m.reject_improvement(w.tess, j.id, "no budget this year").state == model::improvement_state::rejected);
  CHECK(w.m.improvements(w.viewer).size() == 2);
  CHECK(w.system.verify().ok());
}

// R-4.5-review: inputs pre-filled from the store; a review missing an input or a decision is
// refused; its actions land in the improvement register.
inline void reviews_use_prefilled_inputs(management_world& w) {
  w.m.propose(w.quinn, w.improvement_draft("self-service portal"));
  auto inputs = w.m.prepare_review(w.tess, w.clk->now());
  REQUIRE(inputs.size() == 4);
  CHECK(inputs[1].find("improvement status: 1 proposed") == 0);
  model::management_review r;
  r.held_at = w.clk->now();
  r.chair = "tess";
  r.attendees = {"quinn", "dana"};
  r.inputs = inputs;  // no conformance input yet
  r.decisions = {"fund the self-service portal"};
  const auto missing = error_of([&] { w.m.hold_review(w.tess, r, {}); });
  CHECK(names_rule(missing, "R-4.5-review"));
  CHECK(std::string(missing.what()).find("conformance") != std::string::npos);
  CHECK(w.count("management_review") == 0);
  r.inputs.push_back("conformance: 12 requirements conform, 0 nonconformities");
  CHECK(code_of([&] { w.m.hold_review(w.quinn, r, {}); }) == errc::permission_denied);
  const auto held = w.m.hold_review(w.tess, r, {w.improvement_draft("quarterly customer survey")});
  REQUIRE(held.actions.size() == 1);
  const auto register_ = w.m.improvements(w.viewer);
  CHECK(std::any_of(register_.begin(), register_.end(),
                    [&](const auto& i) { return i.id == held.actions.front() && i.source == held.id.key(); }));
  w.clk->advance(boost::posix_time::hours(24));
  CHECK(w.m.prepare_review(w.tess, w.clk->now()).front().find("since " + to_iso(held.held_at)) != std::string::npos);
  CHECK(w.m.reviews(w.viewer).size() == 1);
  CHECK(w.system.verify().ok());
}

}  // namespace itsm::test
