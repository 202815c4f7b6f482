// The change path on a durable store (store.hpp): an RFC from submit to closure with separation of duties
// and a controlled CI updated under it, then the store reopened by a new sms and checked.
#include <catch2/catch.hpp>

#include <memory>
#include <optional>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

namespace {
const actor reader{"audrey", {std::string(roles::auditor)}};  // reads everything, writes nothing
}  // namespace

namespace {

sms_options change_opts(std::shared_ptr<manual_clock> clk) {
  sms_options o;
  o.time_source = std::move(clk);
  return o;
}

template <class F>
std::optional<itsm::error> caught(F&& f) {
  try {
    f();
  } catch (const itsm::error& e) {
    return e;
  }
  return std::nullopt;
}

storage::audit_record last_audit(storage::backend& store) {
  auto tx = store.begin(storage::tx_mode::read_only);
  return tx->last_audit().value();
}

}  // namespace

TEST_CASE("R-9.2-approve R-9.2-record R-9.2-review R-9.1-trace: the change path survives reopening the store",
          "[stored][change]") {
  const auto path = stored_test::fresh("change_path");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  const actor carla{"carla", {std::string(roles::configuration_manager)}};
  const actor rita{"rita", {std::string(roles::cab_member)}};  // requester
  const actor chris{"chris", {std::string(roles::change_manager)}};
  const actor cathy{"cathy", {std::string(roles::cab_member)}};
  const actor ivan{"ivan", {std::string(roles::cab_member)}};  // implementer
  rfc_id rfc;
  ci_id db01;
  std::int64_t audit_entries = 0;
  {
    sms system(stored_test::open(path), change_opts(clk));
    auto& conf = system.configuration();
    auto& changes = system.changes();
    conf.define_type(carla, {"server", 0, "", "A host", {}, {}});
    model::configuration_item c;
    c.type = "server";
    c.name = "db01";
    c.status = model::ci_status::live;
    db01 = conf.create(carla, c).id;
    // The loaded CMDB goes under change control (R-9.2-record).
    auto policy = system.policies().changes(reader);
    policy.controlled_ci_types = {"server"};
    system.policies().set_changes(actor{"root", {std::string(roles::admin)}}, policy);

    model::rfc d;
    d.title = "upgrade db01 firmware";
    d.reason = "controller stalls";
    d.scope_cis = {db01};
    d.backout_plan = "flash the old firmware";
    auto r = changes.submit(rita, d);
    rfc = r.id;
    CHECK(r.requester == "rita");
    changes.assess(chris, rfc, {"medium", "none", "none", "", ""});

    // Separation of duties: the requester's vote is denied, nothing recorded, the denial audited.
    auto e = caught([&] { changes.decide(rita, rfc, vote::approve); });
    REQUIRE(e);
    CHECK(e->code() == errc::permission_denied);
    const auto denied = last_audit(system.unaudited_store());
    CHECK(denied.outcome == "denied");
    CHECK(denied.actor == "rita");
    CHECK(denied.reason.find("R-9.2-approve") != std::string::npos);
    CHECK(changes.approvals(reader, rfc).empty());
    CHECK(changes.find(reader, rfc)->state == model::rfc_state::assessed);

    changes.decide(chris, rfc, vote::approve);
    CHECK(changes.decide(cathy, rfc, vote::approve).state == model::rfc_state::approved);
    changes.schedule(chris, rfc, {parse_iso("2026-03-10T22:00:00Z"), parse_iso("2026-03-11T00:00:00Z")});
    changes.mark_built(ivan, rfc);
    changes.mark_tested(ivan, rfc);

    // The controlled CI: refused without the RFC (and before implementation), applied under it.
    auto host = *conf.find(reader, db01);
    host.version = "fw-7.2";
    e = caught([&] { conf.update(carla, host); });
    REQUIRE(e);
    CHECK(e->violates("R-9.2-record"));
    CHECK(last_audit(system.unaudited_store()).outcome == "refused");
    e = caught([&] { conf.update(carla, host, {"firmware", rfc.key()}); });  // tested, not implementing
    REQUIRE(e);
    CHECK(e->violates("R-9.2-record"));
    CHECK(conf.find(reader, db01)->version != "fw-7.2");

    clk->set(parse_iso("2026-03-10T22:05:00Z"));
    changes.start_implementation(ivan, rfc);
    CHECK(conf.update(carla, host, {"firmware upgraded", rfc.key()}).version == "fw-7.2");
    CHECK(last_audit(system.unaudited_store()).reference == rfc.key());

    changes.complete(ivan, rfc, true);
    // the implementer alone cannot do the PIR
    e = caught([&] { changes.review(ivan, rfc, "fine", {}); });
    REQUIRE(e);
    CHECK(e->code() == errc::permission_denied);
    changes.review(chris, rfc, "stalls gone", {"ivan"});
    CHECK(changes.close(chris, rfc).state == model::rfc_state::closed);
    const auto v = system.verify_audit();
    CHECK(v.ok);
    audit_entries = v.entries;
  }

  // A new process's view: a fresh backend and sms on the same store.
  sms reopened(stored_test::open(path), change_opts(std::make_shared<manual_clock>(parse_iso("2026-03-12T00:00:00Z"))));
  const auto r = reopened.changes().find(reader, rfc);
  REQUIRE(r);
  CHECK(r->state == model::rfc_state::closed);
  CHECK(r->review == "stalls gone");
  CHECK(r->implementer == "ivan");
  CHECK(r->outcome == "successful");
  CHECK(reopened.changes().approvals(reader, rfc).size() == 2);
  CHECK(reopened.configuration().find(reader, db01)->version == "fw-7.2");
  const auto history = reopened.configuration().history(reader, db01);
  REQUIRE(history.size() >= 2);
  CHECK(history.back().reference == rfc.key());
  const auto v = reopened.verify_audit();
  CHECK(v.ok);
  CHECK(v.entries == audit_entries);
  CHECK(v.entries > 10);

  // The reopened sms continues the same chain: a refused step on the closed RFC appends to it.
  auto e = caught([&] { reopened.changes().decide(chris, rfc, vote::approve); });
  REQUIRE(e);
  CHECK(e->violates("R-9.2-approve"));
  CHECK(last_audit(reopened.unaudited_store()).outcome == "refused");
  const auto after = reopened.verify_audit();
  CHECK(after.ok);
  CHECK(after.entries == audit_entries + 1);
}
