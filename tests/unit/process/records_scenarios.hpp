// Records retention and disposal (process/records.hpp, R-4.3-records) as scenarios over one world,
// run by the process tests on memory and by the stored tests on a SQLite file (and PostgreSQL).
// Each checks the rule both ways: a disposal that conforms and ones refused or denied.
#pragma once

#include <memory>
#include <string>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "support/errors.hpp"

namespace itsm::test {

struct records_world {
  std::shared_ptr<manual_clock> clk = std::make_shared<manual_clock>(parse_iso("2026-01-05T09:00:00Z"));
  std::shared_ptr<storage::backend> store;
  sms system;
  records_management& rec;
  actor quinn{"quinn", {std::string(sms_manager_role)}};  // keeps the records
  actor dana{"dana", {std::string(sms_manager_role)}};    // records trainings
  actor vic{"vic", {std::string(roles::viewer)}};

  explicit records_world(std::shared_ptr<storage::backend> s = storage::make_memory_backend(),
                         std::shared_ptr<const authorizer> access = nullptr)
      : store(std::move(s)), system(store, sms_options{clk, std::move(access), nullptr, {}}), rec(system.records()) {}

  // A training of `person` completed on 2026-01-01: personal data in the record and its audit entry.
  model::training_record training(const std::string& person) {
    model::training_record t;
    t.person = person;
    t.course = "PostgreSQL administration";
    t.provider = "db academy";
    t.completed_at = parse_iso("2026-01-01T12:00:00Z");
    t.evidence = "certificate of " + person;
    return system.competence().record_training(dana, t);
  }
  model::retention_rule two_years() {
    model::retention_rule r;
    r.kind = "training_record";
    r.from_field = "completed_at";
    r.years = 2;
    r.description = "training evidence kept two years after completion (HR procedure 4)";
    return r;
  }
  // The audit entries about one record.
  std::vector<storage::audit_record> history(const std::string& kind, const std::string& id) const {
    storage::audit_query q;
    q.kind = kind;
    q.object_id = id;
    return store->begin(storage::tx_mode::read_only)->scan_audit(q);
  }
};

// Rules are stored records with their invariants; one in force per kind.
inline void retention_rules_are_stored(records_world& w) {
  auto bad = w.two_years();
  bad.kind = "no_such_kind";
  CHECK(error_of([&] { w.rec.define_rule(w.quinn, bad); }).violates("R-4.3-records"));
  bad = w.two_years();
  bad.from_field = "person";  // text, not a time
  CHECK(error_of([&] { w.rec.define_rule(w.quinn, bad); }).violates("R-4.3-records"));
  bad = w.two_years();
  bad.years = 0;
  CHECK(error_of([&] { w.rec.define_rule(w.quinn, bad); }).violates("R-4.3-records"));
  bad = w.two_years();
  bad.kind = "disposal";  // the proof of disposals is not itself disposed of
  CHECK(error_of([&] { w.rec.define_rule(w.quinn, bad); }).violates("R-4.3-records"));
  CHECK(code_of([&] { w.rec.define_rule(w.vic, w.two_years()); }) == errc::permission_denied);
  const auto rule = w.rec.define_rule(w.quinn, w.two_years());
  CHECK(rule.id.key() == "RET-1");
  CHECK(rule.defined_by == "quinn");
  CHECK(error_of([&] { w.rec.define_rule(w.quinn, w.two_years()); }).violates("R-4.3-records"));  // a second one
  w.rec.retire_rule(w.quinn, rule.id);
  CHECK(w.rec.define_rule(w.quinn, w.two_years()).id.key() == "RET-2");  // replaced
  CHECK(w.rec.rules(w.vic).size() == 2);
}

// Not before due, not under a hold; then the record and its personal data go, the trail verifies.
inline void disposal_follows_retention(records_world& w) {
  const auto t = w.training("alice");
  const auto key = t.id.key();
  const auto rule = w.rec.define_rule(w.quinn, w.two_years());
  CHECK(w.rec.due(w.quinn, w.clk->now()).empty());
  auto e = error_of([&] { w.rec.dispose(w.quinn, "training_record", key); });
  CHECK(e.violates("R-4.3-records"));
  CHECK(std::string(e.what()).find("2028-01-01") != std::string::npos);  // kept until
  CHECK(code_of([&] { w.rec.dispose(w.quinn, "training_record", "TRN-99"); }) == errc::not_found);

  w.clk->set(parse_iso("2028-01-02T09:00:00Z"));
  const auto due = w.rec.due(w.quinn, w.clk->now());
  REQUIRE(due.size() == 1);
  CHECK(due[0].id == key);
  CHECK(due[0].rule == rule.id);
  CHECK(due[0].due_at == parse_iso("2028-01-01T12:00:00Z"));

  model::legal_hold h;
  h.kind = "training_record";
  h.object_id = key;
  h.reason = "labour court case 12/2027";
  h = w.rec.place_hold(w.quinn, h);
  CHECK(w.rec.due(w.quinn, w.clk->now()).at(0).on_hold);
  CHECK(error_of([&] { w.rec.dispose(w.quinn, "training_record", key); }).violates("R-4.3-records"));
  CHECK(code_of([&] { w.rec.dispose(w.vic, "training_record", key); }) == errc::permission_denied);
  w.rec.release_hold(w.quinn, h.id);

  const auto d = w.rec.dispose(w.quinn, "training_record", key, {"retention period over", ""});
  CHECK(d.rule == rule.id);
  CHECK(d.disposed_by == "quinn");
  CHECK(d.entries_redacted >= 1);
  CHECK(d.entries_kept == 0);
  CHECK(w.system.competence().trainings(w.quinn).empty());
  for (const auto& entry : w.history("training_record", key))
    CHECK(entry.changes.find("alice") == std::string::npos);  // redacted, or the erasure naming the rule
  CHECK(w.system.verify().ok());
  CHECK(w.rec.disposals(w.vic, parse_iso("2028-01-01T00:00:00Z"), parse_iso("2029-01-01T00:00:00Z")).size() == 1);
  CHECK(w.rec.disposals(w.vic, parse_iso("2027-01-01T00:00:00Z"), parse_iso("2028-01-01T00:00:00Z")).empty());
  CHECK(w.rec.due(w.quinn, w.clk->now()).empty());
}

}  // namespace itsm::test
