#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::request_state;
using model::service_request;

namespace {

timestamp at(const char* iso) { return parse_iso(iso); }

const char* const office_hours =
    R"({"tz":"UTC","week":{"1":[["08:00","17:00"]],"2":[["08:00","17:00"]],"3":[["08:00","17:00"]],)"
    R"("4":[["08:00","17:00"]],"5":[["08:00","17:00"]]}})";

ticket_policy with_access_target() {
  ticket_policy p;
  p.request_targets["access"] = request_target{60, 120};
  return p;
}

struct request_fx : test::process_fixture {
  sms desk_system{store, sms_options{clk, nullptr, sink, {}}};
  request_management& req = desk_system.requests();
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  actor lead{"lena", {std::string(roles::incident_manager)}};
  actor admin{"ada", {std::string(roles::admin)}};
  model::service laptop;

  request_fx() {
    // The fixture's store already has its policies: the request targets are a policy change.
    desk_system.policies().set_tickets(admin, with_access_target());
    model::service s;
    s.name = "Workplace";
    s.description = "laptops and accounts";
    s.status = model::service_status::live;
    laptop = desk_system.service_level().add_service(slm, s);
    model::sla sla;
    sla.name = "workplace";
    sla.service = laptop.id;
    sla.calendar = office_hours;
    sla.targets = {{3, 240, 960}};
    sla.pause_states = {"pending"};
    desk_system.service_level().define_sla(slm, sla);
  }
  service_request draft(std::string type, std::string requested_by = "carl") {
    service_request r;
    r.title = "new laptop";
    r.request_type = std::move(type);
    r.service = laptop.id;
    r.requested_by = std::move(requested_by);
    r.priority = 3;
    return r;
  }
  std::vector<std::vector<storage::record>> records() {
    std::vector<std::vector<storage::record>> out;
    auto tx = store->begin(storage::tx_mode::read_only);
    for (auto kind : {"itsm_sequence", "service_request", "ticket_event"}) {
      storage::query q;
      q.kind = kind;
      out.push_back(tx->scan(q));
    }
    return out;
  }
};


}  // namespace

TEST_CASE_METHOD(request_fx, "R-8.1-requests: a request goes from recording to closure with fulfilment steps",
                 "[process][request]") {
  auto r = req.record(desk, draft("hardware"));
  CHECK(r.state == request_state::recorded);
  r = req.approve(lead, r.id);
  r = req.start(desk, r.id);
  req.add_step(desk, r.id, "laptop ordered");
  r = req.pend(desk, r.id, "supplier");
  req.add_step(desk, r.id, "laptop delivered");
  r = req.resume(desk, r.id);
  req.add_step(desk, r.id, "image installed");
  r = req.fulfil(desk, r.id, "handed over to carl");
  CHECK(r.fulfilled_at == clk->now());
  r = req.close(desk, r.id);
  CHECK(r.state == request_state::closed);
  CHECK(req.steps(reader, r.id) == std::vector<std::string>{"laptop ordered", "laptop delivered", "image installed"});
  int changes = 0;
  for (const auto& e : sink->events) changes += e.type == "service_request.state_changed";
  CHECK(changes == 6);
  CHECK(desk_system.verify_audit().ok);
  const auto all = req.list(reader);
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == r.id);
  CHECK(all[0].state == request_state::closed);
}

TEST_CASE_METHOD(request_fx, "R-8.1-requests: illegal request transitions and self-approval change nothing",
                 "[process][request]") {
  auto r = req.record(desk, draft("hardware", "dave"));
  const auto before = records();
  auto e = catch_error([&] { req.fulfil(desk, r.id, "done"); });
  CHECK(e.violates("R-8.1-requests"));
  CHECK(records() == before);
  CHECK(last_audit().outcome == "refused");
  e = catch_error([&] { req.add_step(desk, r.id, "ordered"); });  // not approved yet
  CHECK(e.violates("R-8.1-requests"));
  e = catch_error([&] { req.approve(desk, r.id); });  // dave requested it himself
  CHECK(e.code() == errc::permission_denied);
  CHECK(last_audit().outcome == "denied");
  CHECK(records() == before);
  req.approve(lead, r.id);
  req.start(desk, r.id);
  CHECK(catch_error([&] { req.fulfil(desk, r.id, ""); }).violates("R-8.1-requests"));
  r = req.cancel(desk, r.id, "no longer needed");
  CHECK(r.state == request_state::cancelled);
  CHECK(catch_error([&] { req.start(desk, r.id); }).violates("R-8.1-requests"));
}

TEST_CASE_METHOD(request_fx, "R-8.1-requests: a pre-approved standard change request is approved on recording",
                 "[process][request]") {
  auto d = draft("standard_change");
  CHECK(catch_error([&] { req.record(desk, d); }).violates("R-8.1-requests"));  // names no model
  d.standard_change = "add-user-to-group";
  // R-9.2-policy: only a model the change policy pre-approves skips approval.
  CHECK(catch_error([&] { req.record(desk, d); }).violates("R-9.2-policy"));
  auto pol = desk_system.policies().changes(admin);
  pol.standard_models.push_back({"add-user-to-group", "directory group membership", {}, "remove it again"});
  desk_system.policies().set_changes(admin, pol);
  auto r = req.record(desk, d);
  CHECK(r.state == request_state::approved);
  const auto log = req.log(reader, r.id);
  REQUIRE(log.size() == 2);
  CHECK(log[1].to == "approved");
  CHECK(log[1].detail.find("add-user-to-group") != std::string::npos);
  CHECK(req.start(desk, r.id).state == request_state::in_fulfilment);
}

TEST_CASE_METHOD(request_fx, "R-8.1-requests: requests have their own SLA targets on the service calendar",
                 "[process][request][sla]") {
  clk->set(at("2026-03-06T16:00:00Z"));  // Friday 16:00
  auto access = req.record(desk, draft("access"));  // policy target: 60 / 120 min
  auto hardware = req.record(desk, draft("hardware"));  // SLA P3 target: 240 / 960 min
  auto f = req.sla_figures(reader, access.id);
  REQUIRE(f.resolution);
  CHECK(f.resolution->deadline == at("2026-03-09T09:00:00Z"));  // 1 h Friday + 1 h Monday
  CHECK(f.response->deadline == at("2026-03-06T17:00:00Z"));
  f = req.sla_figures(reader, hardware.id);
  CHECK(f.resolution->deadline == at("2026-03-10T14:00:00Z"));  // 1 h + 9 h + 6 h
  // "pending" pauses every wait under this SLA.
  req.approve(lead, access.id);
  req.start(desk, access.id);
  clk->set(at("2026-03-09T08:30:00Z"));
  req.pend(desk, access.id, "customer");
  clk->set(at("2026-03-09T12:00:00Z"));
  f = req.sla_figures(reader, access.id);
  CHECK(f.resolution->elapsed == minutes(90));
  CHECK(f.resolution->phase == calendar::sla_phase::paused);
  // access responded at once and its resolution reached 75 % (90 of 120 min) at 08:30; hardware is
  // still unanswered: its 4 h response target passed 75 % at 10:00 and 100 % at 11:00.
  auto fired = req.escalate(lead);
  int at_risk = 0, breached = 0;
  for (const auto& e : fired) {
    at_risk += e.type == "service_request.sla_at_risk";
    breached += e.type == "service_request.sla_breached";
  }
  CHECK(at_risk == 2);
  CHECK(breached == 1);
  for (const auto& e : fired)
    if (e.type == "service_request.sla_breached") {
      CHECK(e.object_id == hardware.id.key());
      CHECK(e.details.at("clock") == "response");
      CHECK(e.details.at("reached_at") == "2026-03-09T11:00:00Z");
    }
  CHECK(req.escalate(lead).empty());
}

TEST_CASE_METHOD(request_fx, "R-6.1-monitor: breaching_within lists requests about to breach on business time",
                 "[process][request][sla][query]") {
  clk->set(at("2026-03-06T16:00:00Z"));  // Friday 16:00
  auto access = req.record(desk, draft("access"));      // response due Friday 17:00
  auto hardware = req.record(desk, draft("hardware"));  // response due Monday 11:00
  const auto keys = [](const std::vector<model::service_request>& v) {
    std::vector<std::string> out;
    for (const auto& r : v) out.push_back(r.id.key());
    return out;
  };
  CHECK(keys(req.breaching_within(reader, minutes(60))) == std::vector<std::string>{access.id.key()});
  CHECK(req.breaching_within(reader, minutes(59)).empty());
  // The window is wall-clock time; the deadlines are on the service's business calendar.
  CHECK(keys(req.breaching_within(reader, hours(67))) == std::vector<std::string>{access.id.key(), hardware.id.key()});
  CHECK(keys(req.breaching_within(reader, hours(66))) == std::vector<std::string>{access.id.key()});
  req.cancel(desk, hardware.id, "no longer needed");
  CHECK(keys(req.breaching_within(reader, hours(67))) == std::vector<std::string>{access.id.key()});
  CHECK(catch_error([&] { req.breaching_within(reader, minutes(-5)); }).code() == errc::invalid_argument);
}

TEST_CASE_METHOD(request_fx, "R-8.1-requests: whoever recorded a request cannot approve it, whoever they named",
                 "[process][request]") {
  const actor lead2{"lou", {std::string(roles::incident_manager)}};
  auto d = draft("access");
  d.requested_by = "someone-else";  // recorded by lou on behalf of someone else
  auto r = req.record(lead2, d);
  const auto e = catch_error([&] { req.approve(lead2, r.id); });
  CHECK(e.code() == errc::permission_denied);
  CHECK(e.violates("R-8.1-requests"));
  CHECK(req.approve(lead, r.id).state == request_state::approved);
}
