// Hostile input through the process APIs: it is refused with an itsm::error at the entry, nothing
// is written, and the store stays readable (list, find, baselines) afterwards.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "change_fixture.hpp"
#include "fixture.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::configuration_item;

namespace {

struct sensors : test::process_fixture {
  configuration_management& conf = system.configuration();
  sensors() {
    conf.define_type(cm, {"sensor", 0, "", "A measuring device",
                          {{"load", value_type::real, false}, {"label", value_type::text, false}}, {}});
  }
  configuration_item draft(std::string name, model::attribute_map attrs = {}) {
    configuration_item ci;
    ci.type = "sensor";
    ci.name = std::move(name);
    ci.status = model::ci_status::live;
    ci.attributes = std::move(attrs);
    return ci;
  }
  // The store is still fully readable: every CI decodes and a baseline can be taken.
  void check_readable() {
    CHECK_NOTHROW(conf.list(reader));
    CHECK_NOTHROW(conf.snapshot(reader, baseline_scope::all()));
    CHECK(system.verify_audit().ok);
  }
};

}  // namespace

TEST_CASE_METHOD(sensors, "R-9.1-types: a CI attribute of NaN or +-Inf is refused and nothing is written",
                 "[process][configuration]") {
  const auto ok = conf.create(cm, draft("s1", {{"load", value(0.5)}}));
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    const auto before = take(false);
    auto e = catch_error([&] { conf.create(cm, draft("s2", {{"load", value(bad)}})); });
    CHECK(e.violates("R-9.1-types"));
    auto edited = ok;
    edited.attributes["load"] = value(bad);
    e = catch_error([&] { conf.update(cm, edited); });
    CHECK(e.violates("R-9.1-types"));
    CHECK(take(false) == before);
  }
  check_readable();
  CHECK(conf.find(reader, ok.id)->attributes.at("load") == value(0.5));
  CHECK_NOTHROW(conf.retire(cm, ok.id));
}

TEST_CASE_METHOD(sensors, "text that is not valid UTF-8 is refused with invalid_argument naming the field",
                 "[process][configuration]") {
  const auto before = take();
  auto bad_name = draft("s\xFF");
  auto e = catch_error([&] { conf.create(cm, bad_name); });
  CHECK(e.code() == errc::invalid_argument);
  CHECK(std::string(e.what()).find("configuration_item.name") != std::string::npos);
  auto bad_description = draft("s3");
  bad_description.description = "cut \xE2\x82";
  CHECK(catch_error([&] { conf.create(cm, bad_description); }).code() == errc::invalid_argument);
  e = catch_error([&] { conf.create(cm, draft("s4", {{"label", value("\xC0\xAF")}})); });
  CHECK(e.code() == errc::invalid_argument);
  CHECK(std::string(e.what()).find("'label'") != std::string::npos);
  CHECK(take() == before);  // not even an audit entry
  check_readable();
}

TEST_CASE_METHOD(sensors, "an actor whose name or role is not valid UTF-8 is refused and nothing is written",
                 "[process]") {
  const auto before = take();
  const actor bad_name{"carla\xFF", {std::string(roles::configuration_manager)}};
  CHECK(catch_error([&] { conf.create(bad_name, draft("s5")); }).code() == errc::invalid_argument);
  const actor bad_role{"carla", {std::string(roles::configuration_manager), "\xFFops"}};
  CHECK(catch_error([&] { conf.create(bad_role, draft("s5")); }).code() == errc::invalid_argument);
  CHECK(take() == before);
  check_readable();
}

TEST_CASE_METHOD(test::process_fixture, "R-6.1-sla: define_sla refuses targets beyond 100 years and writes only the refusal",
                 "[process][service_level]") {
  model::service s;
  s.name = "webshop";
  const auto svc = system.service_level().add_service(admin, s);
  model::sla draft;
  draft.name = "gold";
  draft.service = svc.id;
  draft.targets = {{1, 30, std::numeric_limits<std::int64_t>::max() / 1000}};
  const auto before = take(false);
  CHECK(catch_error([&] { system.service_level().define_sla(admin, draft); }).violates("R-6.1-sla"));
  draft.targets = {{1, 30, 240}};
  draft.availability_target = std::numeric_limits<double>::quiet_NaN();
  CHECK(catch_error([&] { system.service_level().define_sla(admin, draft); }).violates("R-6.1-sla"));
  CHECK(take(false) == before);
}

TEST_CASE_METHOD(test::change_world, "R-9.2-record: a controlled CI is not written under a non-canonical RFC id",
                 "[process][change]") {
  auto& conf = system.configuration();
  const auto r = implementing({db01.id}, window(3));
  auto edited = *conf.find(reader, db01.id);
  edited.version = "2.0";
  const auto variant = "RFC-0" + std::to_string(r.id.number());
  CHECK(refused([&] { conf.update(carla, edited, {"upgrade", variant}); }).violates("R-9.2-record"));
  CHECK(conf.update(carla, edited, {"upgrade", r.id.key()}).version == "2.0");
  CHECK(last_audit().reference == r.id.key());
}

TEST_CASE_METHOD(test::change_world, "R-9.2-review R-9.3-accept: lists of text (review participants, acceptance criteria) must be UTF-8",
                 "[process][change][release]") {
  auto r = implementing({db01.id}, window(3));
  r = changes.complete(ivan, r.id, true);
  auto before = take();
  CHECK(catch_error([&] { changes.review(chris, r.id, "ok", {"ivan\xFF"}); }).code() == errc::invalid_argument);
  CHECK(take() == before);

  const auto approved_rfc = approved({db02.id});
  model::release rel;
  rel.name = "shop 2.0";
  rel.type = "minor";
  rel.rfcs = {approved_rfc.id};
  rel.planned_at = parse_iso("2026-03-10T22:00:00Z");
  rel.rollback_plan = "redeploy 1.9";
  rel.deliverables = "shop package 2.0";
  rel.deployment_method = "blue/green";
  rel.acceptance_criteria = {"functional", "\xED\xA0\x80"};
  before = take();
  CHECK(catch_error([&] { system.releases().plan(rob, rel); }).code() == errc::invalid_argument);
  CHECK(take() == before);
}

TEST_CASE_METHOD(test::process_fixture,
                 "R-6.1-sla R-8.1-inform: the largest SLA targets and a clock past the calendar's range keep the sweep working",
                 "[process][incident][sla]") {
  model::service s;
  s.name = "Mail";
  s.owner = "olga";
  s.status = model::service_status::live;
  const auto svc = system.service_level().add_service(admin, s);
  model::sla sla;
  sla.name = "generous";
  sla.service = svc.id;
  const auto max = model::sla_target::max_minutes;
  sla.targets = {{1, max, max}, {2, max, max}, {3, max, max}, {4, max, max}, {5, max, max}};
  system.service_level().define_sla(admin, sla);
  model::incident draft;
  draft.title = "mail delivery delayed";
  draft.description = "outbound queue grows";
  draft.impact = 1;
  draft.urgency = 2;
  draft.service = svc.id;
  draft.caller = "carl";
  auto& incidents = system.incidents();
  const auto i = incidents.record(desk, draft);
  const actor im{"irene", {std::string(roles::incident_manager)}};
  CHECK(incidents.escalate(im).empty());
  REQUIRE(incidents.next_escalation(reader).has_value());
  clk->set(parse_iso("2600-01-01T00:00:00Z"));
  std::vector<event> fired;
  REQUIRE_NOTHROW(fired = incidents.escalate(im));
  CHECK_FALSE(fired.empty());  // long overdue by now: the sweep publishes
  CHECK_NOTHROW(incidents.sla_figures(reader, i.id));
  CHECK_NOTHROW(incidents.next_escalation(reader));
}
