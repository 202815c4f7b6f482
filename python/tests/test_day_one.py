"""A vendor's day one through the Python module: catalogue and SLA, CMDB, an incident and a
request through their transitions with SLA figures, an RFC from submission to closure, paged
queries, impact, verification, a report and the JSON export — on a real SQLite file."""
import json
from datetime import datetime, timedelta, timezone

import itsm


def build_catalogue(store, people):
    shop = store.services.add(people.sam, itsm.Service(name="Webshop", status="live", owner="owen", critical=True))
    sla = store.services.define_sla(
        people.sam,
        itsm.Sla(name="Webshop gold", service=shop.id,
                 targets=[itsm.SlaTarget(p, 30 * p, 240 * p) for p in range(1, 6)]))
    return shop, sla


def build_cmdb(store, people, shop):
    store.cmdb.define_type(people.carla, itsm.CiType(
        name="server", description="A host",
        attributes=[itsm.Attribute("cpus", "integer", required=True)], relationship_kinds=["connects_to"]))
    store.cmdb.define_type(people.carla, itsm.CiType(name="application", description="Deployed software", relationship_kinds=["runs_on"]))
    db01 = store.cmdb.create(people.carla, itsm.ConfigurationItem(
        type="server", name="db01", status="live", attributes={"cpus": 8}))
    app = store.cmdb.create(people.carla, itsm.ConfigurationItem(
        type="application", name="shop", status="live", services=[shop.id]))
    rel = store.cmdb.relate(people.carla, app.id, "runs_on", db01.id)
    return db01, app, rel


def test_cmdb_types_cis_relationships_and_impact(store, people):
    shop, _ = build_catalogue(store, people)
    db01, app, rel = build_cmdb(store, people, shop)
    assert db01.id == "CI-1" and db01.attributes == {"cpus": 8} and db01.revision == 1
    assert (rel.kind, rel.source, rel.target, rel.status) == ("runs_on", app.id, db01.id, "active")
    assert [r.id for r in store.cmdb.relationships(people.carla, db01.id, direction="incoming")] == [rel.id]

    db01.location = "rack 7"
    updated = store.cmdb.update(people.carla, db01, reason="moved")
    assert (updated.revision, updated.location) == (2, "rack 7")

    impact = store.cmdb.impact(people.carla, [db01.id])
    assert impact.cis == [app.id] and impact.services == [shop.id]

    retired = store.cmdb.retire(people.carla, app.id)
    assert retired.status == "retired"
    assert store.cmdb.relationships(people.carla, db01.id) == []
    assert store.cmdb.find_by_name(people.carla, "server", "DB01").id == db01.id


def test_incident_through_its_transitions_with_sla_figures(store, people, clock):
    shop, sla = build_catalogue(store, people)
    inc = store.incidents.record(people.dave, itsm.Incident(
        title="checkout fails", service=shop.id, impact=2, urgency=2, caller="erin"))
    assert (inc.id, inc.state, inc.sla, inc.opened_at) == ("INC-1", "recorded", sla.id, clock.now)
    assert inc.opened_at.tzinfo is not None

    clock.advance(timedelta(minutes=20))
    inc = store.incidents.assign(people.dave, inc.id, "web", "dave")  # the response
    inc = store.incidents.start_work(people.dave, inc.id)
    inc = store.incidents.pend(people.dave, inc.id, "customer")
    assert (inc.state, inc.pending_reason) == ("pending", "customer")
    clock.advance(timedelta(minutes=10))
    inc = store.incidents.resume(people.dave, inc.id)
    clock.advance(timedelta(minutes=30))
    inc = store.incidents.resolve(people.dave, inc.id, "restarted the payment adapter")
    assert inc.resolved_at == clock.now
    inc = store.incidents.close(people.dave, inc.id)
    assert inc.state == "closed"

    figures = store.incidents.sla_figures(people.dave, inc.id)
    assert figures.sla == sla.id and figures.priority == inc.priority
    assert figures.response.phase == "stopped" and not figures.breached
    assert figures.response.elapsed == timedelta(minutes=20)
    states = [e.to for e in store.incidents.log(people.dave, inc.id) if e.type == "state"]
    assert states == ["recorded", "assigned", "in_progress", "pending", "in_progress", "resolved", "closed"]


def test_breached_response_is_reported_in_the_figures(store, people, clock):
    shop, _ = build_catalogue(store, people)
    inc = store.incidents.record(people.dave, itsm.Incident(title="slow", service=shop.id, impact=1, urgency=1))
    response_goal = 30 * inc.priority
    clock.advance(timedelta(minutes=response_goal + 5))
    figures = store.incidents.sla_figures(people.dave, inc.id)
    assert figures.breached and figures.response.breached
    assert figures.response.breached_at == inc.opened_at + timedelta(minutes=response_goal)
    at_risk = store.incidents.breaching_within(people.dave, timedelta(hours=24))
    assert [i.id for i in at_risk] == [inc.id]  # the resolution clock still runs


def test_request_through_its_transitions(store, people):
    shop, _ = build_catalogue(store, people)
    req = store.requests.record(people.dave, itsm.ServiceRequest(
        title="new laptop", service=shop.id, request_type="access", requested_by="dave"))
    req = store.requests.approve(people.admin, req.id)
    req = store.requests.start(people.dave, req.id)
    store.requests.add_step(people.dave, req.id, "ordered")
    req = store.requests.fulfil(people.dave, req.id, "delivered")
    req = store.requests.close(people.dave, req.id)
    assert req.state == "closed" and req.fulfilment == "delivered"
    assert store.requests.steps(people.dave, req.id) == ["ordered"]


def test_rfc_from_submission_to_closure(store, people, clock):
    shop, _ = build_catalogue(store, people)
    db01, app, _ = build_cmdb(store, people, shop)
    rfc = store.changes.submit(people.rita, itsm.Rfc(
        title="upgrade db01 firmware", reason="timeouts", scope_cis=[db01.id], backout_plan="flash 7.1 again"))
    assert (rfc.state, rfc.requester) == ("draft", "rita")
    rfc = store.changes.assess(people.chris, rfc.id, risk="medium", security_impact="none", continuity_impact="none")
    assert rfc.state == "assessed" and rfc.impact_cis == [app.id] and shop.id in rfc.impact_services

    refused = store.changes.check(people.rita, rfc.id, "decide")
    assert "R-9.2-approve" in [rule for rule, _ in refused]  # the requester may not approve
    for voter in (people.chris, people.cathy, itsm.Actor("owen", ["service_owner"])):
        rfc = store.changes.approve(voter, rfc.id)
    assert rfc.state == "approved"

    start = clock.now + timedelta(days=1)
    rfc = store.changes.schedule(people.chris, rfc.id, start, start + timedelta(hours=2))
    assert (rfc.state, rfc.window_start) == ("scheduled", start)
    rfc = store.changes.mark_built(people.ivan, rfc.id)
    rfc = store.changes.mark_tested(people.ivan, rfc.id)
    clock.set(start + timedelta(minutes=5))
    rfc = store.changes.start_implementation(people.ivan, rfc.id)
    rfc = store.changes.complete(people.ivan, rfc.id, True)
    rfc = store.changes.review(people.chris, rfc.id, "no side effects", participants=["ivan"])
    rfc = store.changes.close(people.chris, rfc.id)
    assert (rfc.state, rfc.outcome, rfc.implementer) == ("closed", "successful", "ivan")


def test_paged_queries_iterate_every_match_once(store, people):
    shop, _ = build_catalogue(store, people)
    every = [store.incidents.record(people.dave, itsm.Incident(
        title=f"t{n}", service=shop.id, impact=1 + n % 3, urgency=1 + n % 3)) for n in range(7)]
    urgent = [i.id for i in every if i.priority <= 2]
    assert 0 < len(urgent) < len(every)
    q = store.query(people.dave, itsm.Incident, where=itsm.field("priority").le(2), order_by="opened_at",
                    page_size=2)
    assert [i.id for i in q] == urgent and q.count() == len(urgent)
    first, cursor = q.page()
    assert len(first) == 2 and cursor != ""
    lowest = max(i.priority for i in every)
    assert [i.id for i in store.query(people.dave, "incident", where={"priority": lowest})] == [
        i.id for i in every if i.priority == lowest]
    either = itsm.field("priority").eq(lowest) | itsm.field("id").eq("INC-1")
    assert {i.id for i in store.query(people.dave, itsm.Incident, where=either)} == {
        i.id for i in every if i.priority == lowest or i.id == "INC-1"}
    newest_first = store.query(people.dave, itsm.Incident, order_by="opened_at", descending=True, page_size=3)
    assert [i.id for i in newest_first] == [i.id for i in reversed(every)]
    page = json.loads(q.page_json())
    assert page["schema"] == "itsm.export/1" and len(page["items"]) == 2


def test_verification_report_and_export(store, people, clock):
    shop, _ = build_catalogue(store, people)
    start = clock.now
    inc = store.incidents.record(people.dave, itsm.Incident(title="down", service=shop.id, impact=1, urgency=1))
    assert inc.priority == 1
    clock.advance(timedelta(hours=1))
    store.incidents.assign(people.dave, inc.id, "web", "dave")
    store.incidents.start_work(people.dave, inc.id)
    store.incidents.resolve(people.dave, inc.id, "fixed")
    clock.advance(timedelta(hours=1))

    check = store.verify()
    assert check.ok and check.trail.entries > 0 and check.records.findings == []

    report = store.reports.service_report(people.audrey, start, clock.now)
    row = next(r for r in report.services if r.service == shop.id)
    assert row.tickets == 1 and row.breached == 1 and row.compliance == 0.0  # response took 1 h > 30 min
    assert json.loads(report.to_json())["schema"] == "itsm.report/1"
    assert "<html" in report.to_html()

    statement = store.reports.conformance(people.audrey, start, clock.now)
    assert any(r.requirement == "R-8.1-procedure" for r in statement.results)

    ticket = json.loads(store.export_ticket(people.dave, inc.id))
    assert ticket["ticket"]["id"] == inc.id and ticket["log"]
    record = json.loads(inc.to_json())
    assert (record["kind"], record["id"]) == ("incident", inc.id)
    assert inc.to_dict()["title"] == "down"


def test_store_reopens_from_its_file(tmp_path, people):
    path = tmp_path / "kept.db"
    with itsm.open(path) as s:
        s.services.add(people.sam, itsm.Service(name="Mail"))
    assert s.closed
    with itsm.open(str(path)) as again:
        assert [svc.name for svc in again.services.list(people.sam)] == ["Mail"]
        assert again.verify().ok
