// The management system's behaviours (process/management.hpp) as scenarios over one world, so
// that the process tests run them on memory and the SQLite tests on a real file. Each scenario
// checks the rule it names (R- id) both ways: a write that conforms and one refused or denied.
#pragma once

#include <memory>
#include <string>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "support/errors.hpp"

namespace itsm::test {

struct management_world {
  std::shared_ptr<manual_clock> clk = std::make_shared<manual_clock>(parse_iso("2026-01-05T09:00:00Z"));
  std::shared_ptr<storage::backend> store;
  sms system;
  management_system& m;
  actor root{"root", {std::string(roles::admin)}};
  actor quinn{"quinn", {std::string(sms_manager_role)}};  // SMS manager
  actor dana{"dana", {std::string(sms_manager_role)}};    // her deputy
  actor tess{"tess", {std::string(top_management_role)}};
  actor audrey{"audrey", {std::string(roles::auditor)}};
  // A service level manager who is also a trained auditor: she must not audit the catalogue.
  actor sam{"sam", {std::string(roles::service_level_manager), std::string(roles::auditor)}};
  actor viewer{"vic", {std::string(roles::viewer)}};
  actor desk{"dave", {std::string(roles::service_desk)}};
  service_id shop;

  explicit management_world(std::shared_ptr<storage::backend> s = storage::make_memory_backend())
      : store(std::move(s)), system(store, sms_options{clk, nullptr, nullptr, {}}), m(system.management()) {
    model::service svc;
    svc.name = "webshop";
    svc.owner = "owen";
    shop = system.service_level().add_service(sam, svc).id;
  }

  timestamp in_days(int d) const { return clk->now() + boost::posix_time::hours(24 * d); }

  model::sms_plan plan_draft() const {
    model::sms_plan p;
    p.scope = "IT services of the web business unit, Berlin data centre";
    p.services = {shop};
    p.objectives = {"99.5 % webshop availability"};
    p.responsibilities = {"SMS manager: quinn", "change management: carla"};
    p.review_due = in_days(365);
    return p;
  }
  model::controlled_document document_draft(std::string name) const {
    model::controlled_document d;
    d.name = std::move(name);
    d.location = "dms://sms/change-procedure";
    d.distribution = {"change_manager", "cab_member"};
    d.review_due = in_days(180);
    return d;
  }
  model::internal_audit audit_draft(const std::string& auditor) const {
    model::internal_audit a;
    a.title = "service catalogue audit";
    a.scope_kinds = {"service"};
    a.scope_from = parse_iso("2026-01-01T00:00:00Z");
    a.scope_to = parse_iso("2026-02-01T00:00:00Z");
    a.criteria = {"R-6.1-catalogue", "R-4.3-documents"};
    a.auditor = auditor;
    a.planned_for = in_days(20);
    return a;
  }
  model::improvement improvement_draft(std::string title) const {
    model::improvement i;
    i.title = std::move(title);
    i.evaluation_criteria = {"cost", "customer impact"};
    i.priority = 2;
    i.target = "catalogue entries reviewed monthly";
    i.owner = "dana";
    i.due = in_days(60);
    return i;
  }
  storage::audit_record last_audit() const { return store->begin(storage::tx_mode::read_only)->last_audit().value(); }
  std::size_t count(const char* kind) const {
    storage::query q;
    q.kind = kind;
    return store->begin(storage::tx_mode::read_only)->scan(q).size();
  }
};

inline bool names_rule(const error& e, const std::string& rule) {
  for (const auto& v : e.violations())
    if (v.rule == rule) return true;
  return e.what() && std::string(e.what()).find(rule) != std::string::npos;
}

}  // namespace itsm::test
