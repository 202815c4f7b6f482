"""Errors reach Python as itsm.Error subclasses carrying the code and the violated R- ids, and a
refused call changes nothing; instants are aware UTC datetimes both ways."""
from datetime import datetime, timedelta, timezone

import pytest

import itsm


def add_shop(store, people):
    return store.services.add(people.sam, itsm.Service(name="Webshop", status="live"))


def audit_entries(store):
    return store.verify().trail.entries


def test_rule_violation_names_the_requirement_and_writes_no_record(store, people):
    shop = add_shop(store, people)
    inc = store.incidents.record(people.dave, itsm.Incident(title="down", service=shop.id))
    with pytest.raises(itsm.RuleViolation) as caught:
        store.incidents.close(people.dave, inc.id)
    err = caught.value
    assert isinstance(err, itsm.Error)
    assert err.code == "rule_violation" and err.requirements == ["R-8.1-procedure"]
    assert err.violations[0][0] == "R-8.1-procedure" and "R-8.1-procedure" in str(err)
    assert store.incidents.find(people.dave, inc.id).state == "recorded"
    assert store.incidents.check(people.dave, inc.id, "close") == err.violations


def test_duplicate_ci_is_refused_with_r_9_1_unique(store, people):
    store.cmdb.define_type(people.carla, itsm.CiType(name="server", description="A host"))
    store.cmdb.create(people.carla, itsm.ConfigurationItem(type="server", name="db01"))
    dup = itsm.ConfigurationItem(type="server", name=" DB01 ")
    assert "R-9.1-unique" in [rule for rule, _ in store.cmdb.check_create(people.carla, dup)]
    with pytest.raises(itsm.RuleViolation) as caught:
        store.cmdb.create(people.carla, dup)
    assert "R-9.1-unique" in caught.value.requirements
    assert len(store.cmdb.list(people.carla, "server")) == 1


def test_permission_denied_is_audited_and_also_a_permission_error(store, people):
    before = audit_entries(store)
    with pytest.raises(itsm.PermissionDenied) as caught:
        store.services.add(people.nobody, itsm.Service(name="Sneaky"))
    assert isinstance(caught.value, PermissionError) and caught.value.code == "permission_denied"
    assert store.services.list(people.sam) == []
    assert audit_entries(store) == before + 1  # the denial itself is audited


def test_requester_approving_own_rfc_is_denied_citing_r_9_2_approve(store, people):
    store.cmdb.define_type(people.carla, itsm.CiType(name="server", description="A host"))
    db = store.cmdb.create(people.carla, itsm.ConfigurationItem(type="server", name="db01"))
    rfc = store.changes.submit(people.rita, itsm.Rfc(title="t", reason="r", scope_cis=[db.id], backout_plan="b"))
    rfc = store.changes.assess(people.chris, rfc.id, risk="low", security_impact="none", continuity_impact="none")
    with pytest.raises(itsm.Error) as caught:
        store.changes.approve(people.rita, rfc.id)
    assert "R-9.2-approve" in caught.value.requirements
    assert store.changes.find(people.chris, rfc.id).state == "assessed"


def test_stale_revision_is_a_conflict(store, people):
    shop = add_shop(store, people)
    first = store.services.find(people.sam, shop.id)
    second = store.services.find(people.sam, shop.id)
    first.description = "one"
    store.services.update(people.sam, first)
    second.description = "two"
    with pytest.raises(itsm.Conflict):
        store.services.update(people.sam, second)
    assert store.services.find(people.sam, shop.id).description == "one"


def test_bad_input_is_invalid_argument_and_a_value_error(store, people):
    cases = [
        lambda: store.incidents.find(people.dave, "CI-1"),          # wrong id prefix
        lambda: store.incidents.find(people.dave, "INC-01"),        # not the canonical key
        lambda: itsm.Incident(titel="typo"),                         # unknown field
        lambda: itsm.ConfigurationItem(status="sleeping"),           # unknown enum name
        lambda: itsm.ConfigurationItem(status=3),                    # enum given as a number
        lambda: store.incidents.find(people.dave, 7),                # id given as a number
        lambda: store.incidents.breaching_within(people.dave, 60),   # not a timedelta
        lambda: itsm.Attribute("x", "colour"),                       # unknown attribute type
        lambda: store.query(people.dave, "party"),                   # kind not queryable
        lambda: list(store.query(people.dave, itsm.Incident, where=itsm.field("title").eq("x"))),  # unindexed
        lambda: list(store.query(people.dave, itsm.Incident, where={"priority": object()})),
    ]
    for case in cases:
        with pytest.raises(itsm.InvalidArgument) as caught:
            case()
        assert isinstance(caught.value, ValueError) and caught.value.code == "invalid_argument"


def test_missing_record_reads_as_none_or_not_found(store, people):
    assert store.incidents.find(people.dave, "INC-99") is None
    with pytest.raises(itsm.NotFound) as caught:
        store.incidents.sla_figures(people.dave, "INC-99")
    assert isinstance(caught.value, LookupError)


def test_naive_datetimes_are_refused_and_aware_ones_converted_to_utc(store, people, clock):
    with pytest.raises(itsm.InvalidArgument, match="naive datetime"):
        itsm.ManualClock(datetime(2026, 3, 2, 9, 0))
    with pytest.raises(itsm.InvalidArgument, match="naive datetime"):
        store.reports.service_report(people.audrey, datetime(2026, 3, 1), clock.now)
    berlin = timezone(timedelta(hours=1))
    clock.set(datetime(2026, 3, 2, 11, 30, tzinfo=berlin))  # 10:30 UTC
    assert clock.now == datetime(2026, 3, 2, 10, 30, tzinfo=timezone.utc)
    assert clock.now.utcoffset() == timedelta(0)
    shop = add_shop(store, people)
    inc = store.incidents.record(people.dave, itsm.Incident(title="x", service=shop.id))
    assert inc.opened_at == clock.now and inc.resolved_at is None


def test_clock_never_goes_back(clock):
    with pytest.raises(itsm.InvalidArgument):
        clock.set(clock.now - timedelta(seconds=1))


def test_closed_store_is_unavailable(tmp_path, people):
    store = itsm.open(tmp_path / "gone.db")
    cmdb = store.cmdb
    store.close()
    with pytest.raises(itsm.Unavailable, match="closed"):
        cmdb.list(people.carla)
    store.close()  # idempotent
