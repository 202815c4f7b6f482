#!/usr/bin/python3
"""Peer comparison for the SLA deadline benchmark: pandas' CustomBusinessHour on the same inputs.

Requires the Debian package python3-pandas (apt-get install python3-pandas). It is NOT part of
scripts/install-deps.sh: this script is an optional, manual comparison.

    bench/sla_pandas_peer.py [--quick] [--bench PATH] [--limit N]

Runs the C++ benchmark (default build/release/bench/bench_sla, built by `bench/run sla`) with
--dump to get its random start instants and its deadlines for 4 h, 16 h and 160 h, recomputes
each deadline with pandas (the calendar of bench/data/sla-calendar-berlin.json, wall-clock time
in Europe/Berlin) and prints
    BENCH sla.pandas_peer hours=H n=N per_s=… agree=A/N exact=E closing_vs_next_opening=C
where C counts deadlines that use up an interval exactly: itsm answers the closing time (its
documented convention), pandas the next opening; they agree if that opening is pandas' own
roll-forward of itsm's answer. Any other difference fails (exit status 1).
pandas is slow (tens of thousands per second), so by default it takes the first 20,000 starts
(--limit); --quick uses the benchmark's 5,000.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--bench", default=os.path.join(ROOT, "build/release/bench/bench_sla"))
    ap.add_argument("--limit", type=int, default=20000)
    args = ap.parse_args()

    with open(os.path.join(ROOT, "bench/data/sla-calendar-berlin.json")) as f:
        cal = json.load(f)
    tz = cal["tz"]
    days = sorted(int(k) for k in cal["week"])  # ISO weekdays with hours
    hours = {tuple(map(tuple, cal["week"][str(d)])) for d in days}
    if len(hours) != 1:
        sys.exit("this peer supports one set of hours for all working days")
    (intervals,) = hours
    weekmask = " ".join(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d - 1] for d in days)

    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "dump.txt")
        cmd = [args.bench, "--dump", dump] + (["--quick"] if args.quick else [])
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(dump) as f:
            rows = [list(map(int, line.split())) for line in f]
    rows = rows[: args.limit]

    for col, h in ((1, 4), (2, 16), (3, 160)):
        offset = pd.offsets.CustomBusinessHour(
            n=h,
            start=[a for a, _ in intervals],
            end=[b for _, b in intervals],
            weekmask=weekmask,
            holidays=cal["holidays"],
        )
        # Convert inputs outside the timed loop, like the C++ benchmark builds its inputs first.
        local = [pd.Timestamp(r[0], unit="us", tz="UTC").tz_convert(tz).tz_localize(None) for r in rows]
        t0 = time.process_time()
        out = [t + offset for t in local]
        secs = time.process_time() - t0
        # Conventions differ in one place: when a deadline uses up an interval exactly, itsm
        # answers the closing time (12:00) and pandas the next opening (13:00). Such a pair
        # still agrees if pandas' result is pandas' own roll-forward of itsm's closing instant.
        exact = convention = 0
        first_bad = None
        one_us = pd.Timedelta(microseconds=1)
        for r, res in zip(rows, out):
            got = res.tz_localize(tz).tz_convert("UTC").value // 1000
            if got == r[col]:
                exact += 1
                continue
            ours_local = pd.Timestamp(r[col], unit="us", tz="UTC").tz_convert(tz).tz_localize(None)
            if offset.rollforward(ours_local + one_us) == res:
                convention += 1
            elif first_bad is None:
                first_bad = (r[0], r[col], got)
        n = len(rows)
        print(f"BENCH sla.pandas_peer hours={h} n={n} per_s={n / secs:.0f} agree={exact + convention}/{n} "
              f"exact={exact} closing_vs_next_opening={convention} clock=process_cpu pandas={pd.__version__}")
        if first_bad:
            s, want, got = first_bad
            print(f"  first disagreement: start={pd.Timestamp(s, unit='us', tz='UTC')} "
                  f"itsm={pd.Timestamp(want, unit='us', tz='UTC')} pandas={pd.Timestamp(got, unit='us', tz='UTC')}",
                  file=sys.stderr)
            sys.exit(1)

if __name__ == "__main__":
    main()
