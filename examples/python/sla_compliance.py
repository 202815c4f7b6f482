#!/usr/bin/env python3
"""SLA compliance per service, notebook style, from an itsm store.

Opens the flagship example's SQLite store (service_provider_month.db, written by
`scripts/dev.sh example`) or, when that file is absent, builds a small month of its own on a
manual clock. Prints each service's SLA compliance and availability for the month of the newest
incident, and plots them with matplotlib when it is installed (sla_compliance.png).

    PYTHONPATH=build/dev/python /usr/bin/python3 examples/python/sla_compliance.py [--db FILE]
        [--fresh] [--no-plot] [--seed N]

Exit status: 0 when the figures add up, 1 when they do not.
"""
import argparse
import os
import random
import sys
from datetime import datetime, timedelta, timezone

import itsm

ADMIN = itsm.Actor("setup", ["admin"])
AUDITOR = itsm.Actor("analyst", ["auditor"])
MAY_2026 = datetime(2026, 5, 1, tzinfo=timezone.utc)


# --- 1. A store to look at -------------------------------------------------------------------
def build_month(path, seed):
    """A small provider's May 2026: three services with SLAs, incidents answered and resolved
    sometimes in time and sometimes not. Every write goes through the library's processes."""
    rng = random.Random(seed)
    clock = itsm.ManualClock(MAY_2026)
    desk = itsm.Actor("dave", ["service_desk"])
    with itsm.open(path, clock=clock) as store:
        services = []
        for name, response in (("Online Shop", 15), ("Email", 30), ("Payroll", 60)):
            svc = store.services.add(ADMIN, itsm.Service(name=name, status="live"))
            store.services.define_sla(ADMIN, itsm.Sla(
                name=f"{name} SLA", service=svc.id,
                targets=[itsm.SlaTarget(p, response * p, 8 * 60 * p) for p in range(1, 6)]))
            services.append((svc, response))
        while clock.now < MAY_2026 + timedelta(days=30):
            svc, response = rng.choice(services)
            level = rng.randint(1, 3)
            inc = store.incidents.record(desk, itsm.Incident(
                title=f"{svc.name} problem", service=svc.id, impact=level, urgency=level))
            clock.advance(timedelta(minutes=rng.randint(1, 2 * response * inc.priority)))
            store.incidents.assign(desk, inc.id, "desk", "dave")
            store.incidents.start_work(desk, inc.id)
            clock.advance(timedelta(minutes=rng.randint(10, 10 * 60 * inc.priority)))
            store.incidents.resolve(desk, inc.id, "fixed")
            clock.advance(timedelta(hours=rng.randint(1, 12)))


# --- 2. The month to report on -----------------------------------------------------------------
def month_of_newest_incident(store):
    newest = store.query(AUDITOR, itsm.Incident, order_by="opened_at", descending=True, page_size=1)
    latest, _ = newest.page()
    if not latest:
        return None
    opened = latest[0].opened_at
    start = opened.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


# --- 3. Figures and an optional plot ----------------------------------------------------------------
def print_figures(report):
    print(f"{'service':<22} {'tickets':>7} {'breached':>8} {'compliance':>10} {'availability':>12}")
    for row in report.services:
        compliance = "-" if row.compliance is None else f"{row.compliance:.1f} %"
        availability = "-" if row.availability is None else f"{row.availability:.2f} %"
        print(f"{row.service_name:<22} {row.tickets:>7} {row.breached:>8} {compliance:>10} {availability:>12}")


def plot(report, out):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot")
        return
    rows = [r for r in report.services if r.compliance is not None]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar([r.service_name for r in rows], [r.compliance for r in rows])
    ax.set_ylim(0, 100)
    ax.set_ylabel("SLA compliance (%)")
    ax.set_title(report.title)
    fig.tight_layout()
    fig.savefig(out)
    print(f"plot: {out}")


def figures_add_up(report):
    ok = True
    for row in report.services:
        if not 0 <= row.breached <= row.tickets:
            ok = False
        if row.tickets and abs(row.compliance - 100.0 * (row.tickets - row.breached) / row.tickets) > 1e-9:
            ok = False
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="service_provider_month.db", help="the SQLite file (default: the flagship's)")
    parser.add_argument("--fresh", action="store_true", help="delete the file first and build a small month")
    parser.add_argument("--no-plot", action="store_true", help="print only")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.db + suffix):
                os.remove(args.db + suffix)
    if not os.path.exists(args.db):
        print(f"{args.db} not found: building a small month there")
        os.makedirs(os.path.dirname(os.path.abspath(args.db)), exist_ok=True)
        build_month(args.db, args.seed)

    with itsm.open(args.db) as store:
        month = month_of_newest_incident(store)
        if month is None:
            print("the store holds no incidents")
            return 1
        report = store.reports.service_report(AUDITOR, *month, title=f"SLA compliance {month[0]:%Y-%m}")
        print(f"{report.title} ({args.db})")
        print_figures(report)
        verified = store.verify().ok
        print(f"audit trail and records verified: {verified}")
    if not args.no_plot:
        plot(report, "sla_compliance.png")
    return 0 if verified and figures_add_up(report) and report.services else 1


if __name__ == "__main__":
    sys.exit(main())
