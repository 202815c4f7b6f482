// Discovery feeds on change-controlled CIs (import_options::source): a feed's update of a
// controlled CI becomes a pending reconciliation item, never a silent write and never a plain
// refusal; it is reviewed, then applied under an RFC or rejected (R-9.2-record, R-9.1-access).
#include <catch2/catch.hpp>

#include "change_fixture.hpp"
#include "support/errors.hpp"

using namespace itsm;
using test::change_world;

namespace {

struct feed : change_world {
  configuration_management& conf = system.configuration();
  import_plan discover(const std::string& cis, std::string source = "discovery") {
    import_options o;
    o.source = std::move(source);
    return conf.import_csv(carla, {cis, {}}, o);
  }
};

const std::string moved = "type,name,location\nserver,db01,rack 9\nserver,db02,dc1\n";  // db02 stays in dc1

}  // namespace

TEST_CASE_METHOD(feed, "R-9.2-record: a feed's update of a controlled CI waits as a pending item; the CI is unchanged",
                 "[process][import][discovery]") {
  const auto plan = discover(moved);
  REQUIRE(plan.cis.size() == 2);
  CHECK(plan.cis[0].action == import_action::pending);
  CHECK(plan.cis[0].pending.valid());
  CHECK(plan.cis[1].action == import_action::unchanged);
  CHECK(plan.applied);
  CHECK(conf.find(reader, db01.id)->location == "dc1");
  const auto items = conf.pending_reconciliations(reader);
  REQUIRE(items.size() == 1);
  CHECK(items[0].ci == db01.id);
  CHECK(items[0].source == "discovery");
  CHECK(items[0].changes.find("rack 9") != std::string::npos);
  CHECK(conf.pending_reconciliations(reader, db02.id).empty());
  // The next day's identical delta adds nothing.
  const auto seq = last_audit().seq;
  CHECK(discover(moved).writes() == 0);
  CHECK(last_audit().seq == seq);
  // Without a source (a CMDB-team import) the same row is refused, citing change control.
  auto e = test::error_of([&] { conf.import_csv(carla, {moved, {}}); });
  CHECK(e.violates("R-9.2-record"));
}

TEST_CASE_METHOD(feed, "R-9.2-record: a pending item is applied under an RFC covering the CI, or rejected",
                 "[process][import][discovery]") {
  const auto id = discover(moved).cis[0].pending;
  auto e = test::error_of([&] { conf.reconcile(carla, id, {}); });
  CHECK(e.violates("R-9.2-record"));  // no RFC
  CHECK(conf.pending_reconciliations(reader).size() == 1);
  const auto rfc = implementing({db01.id}, window(3));
  const auto ci = conf.reconcile(carla, id, {"discovered move", rfc.id.key()});
  CHECK(ci.location == "rack 9");
  CHECK(conf.find(reader, db01.id)->location == "rack 9");
  CHECK(last_audit().reference == rfc.id.key());
  CHECK(conf.pending_reconciliations(reader).empty());
  CHECK(test::error_of([&] { conf.reconcile(carla, id, {"", rfc.id.key()}); }).violates("R-9.1-versions"));

  const auto other = discover("type,name,location\nserver,db02,rack 1\n").cis[0].pending;
  const auto rejected = conf.reject_reconciliation(carla, other, {"the scanner misread the rack", ""});
  CHECK(rejected.state == model::reconciliation_state::rejected);
  CHECK(conf.pending_reconciliations(reader).empty());
  CHECK(conf.find(reader, db02.id)->location == "dc1");
}

TEST_CASE_METHOD(feed, "R-9.1-versions: an item whose CI changed since the proposal is refused as stale",
                 "[process][import][discovery]") {
  const auto id = discover(moved).cis[0].pending;
  const auto rfc = implementing({db01.id}, window(3));
  auto now = *conf.find(reader, db01.id);
  now.description = "primary database";
  conf.update(carla, now, {"", rfc.id.key()});
  auto e = test::error_of([&] { conf.reconcile(carla, id, {"", rfc.id.key()}); });
  CHECK(e.violates("R-9.1-versions"));
  CHECK(conf.find(reader, db01.id)->location == "dc1");
}
