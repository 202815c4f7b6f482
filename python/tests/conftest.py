"""Shared fixtures: a real SQLite store in a temporary file on a manual clock, and the people."""
from datetime import datetime, timezone

import pytest

import itsm

MONDAY_9AM = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock():
    return itsm.ManualClock(MONDAY_9AM)


@pytest.fixture
def store(tmp_path, clock):
    with itsm.open(tmp_path / "desk.db", clock=clock) as s:
        yield s


class People:
    admin = itsm.Actor("root", ["admin"])
    carla = itsm.Actor("carla", ["configuration_manager"])
    sam = itsm.Actor("sam", ["service_level_manager"])
    dave = itsm.Actor("dave", ["service_desk"])
    rita = itsm.Actor("rita", ["cab_member"])
    chris = itsm.Actor("chris", ["change_manager"])
    cathy = itsm.Actor("cathy", ["cab_member"])
    ivan = itsm.Actor("ivan", ["cab_member"])
    audrey = itsm.Actor("audrey", ["auditor"])
    nobody = itsm.Actor("nobody", [])


@pytest.fixture
def people():
    return People
