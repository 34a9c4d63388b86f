"""Generate → ingest → dbt build at two population sizes, and an incremental daily run.

Prints, per size: seconds per phase, seconds per million sets, peak memory of the Python
process (generator and ingest) and of dbt, and how cost and memory grow from the smaller run to
the larger one (the baseline is the smaller run of this same invocation).

    .venv/bin/python benchmarks/pipeline_bench.py                   # 1,000 and 10,000 people, 180 days
    .venv/bin/python benchmarks/pipeline_bench.py --sizes 200 2000  # quicker

The database server is PULSE_BENCH_DATABASE_URL (a maintenance URL; a scratch database is made
and dropped), else the embedded one. Each size runs in a fresh child process, so peaks are its own.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from rich.console import Console
from rich.table import Table

DAYS = 180


def _peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run_one(people: int, days: int) -> dict:
    """Child process: one size, end to end, on a scratch database."""
    import psycopg
    from scratch import scratch_database

    from pipelines.ingest.extract import TABLES, ingest_table
    from pipelines.transform.project import DBT_DIR, DBT_EXECUTABLE, dbt_build_args, dbt_env, ensure_manifest
    from pulse.database import drop_database, libpq_conninfo
    from synthetic import generate

    url = scratch_database(f"pulse_bench_{people}")
    ensure_manifest()
    dbt = [DBT_EXECUTABLE, *dbt_build_args(exclude_unit_tests=True), "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--quiet"]
    env = {**os.environ, **dbt_env(url)}
    end = (datetime.now(UTC) - timedelta(days=1)).date()
    result: dict = {"people": people}

    def ingest_all() -> None:
        with psycopg.connect(libpq_conninfo(url), autocommit=True) as app, psycopg.connect(libpq_conninfo(url), autocommit=True) as wh:
            for table in TABLES:
                ingest_table(app, wh, table)

    try:
        started = time.perf_counter()
        counts = generate(url, users=people, days=days, seed=1, end=end - timedelta(days=1))
        result["generate_s"] = time.perf_counter() - started
        result["sets"] = counts["workout_sets"]
        started = time.perf_counter()
        ingest_all()
        result["ingest_s"] = time.perf_counter() - started
        result["python_peak_mib"] = _peak_mib(resource.RUSAGE_SELF)
        started = time.perf_counter()
        subprocess.run([*dbt, "--full-refresh"], check=True, env=env)
        result["dbt_s"] = time.perf_counter() - started
        # A daily run: a few days of activity from a small new cohort (2% of the population), then
        # ingest + incremental dbt.
        new = generate(url, users=max(1, people // 50), days=3, seed=2, end=end)
        result["daily_sets"] = new["workout_sets"]
        started = time.perf_counter()
        ingest_all()
        # Daily runs are a day apart, so the dbt lookback (3 h) covers only new rows; here the
        # full build finished minutes ago, so a short lookback stands in for that day's gap.
        subprocess.run([*dbt, "--vars", "{incremental_lookback_hours: 0.02}"], check=True, env=env)
        result["daily_s"] = time.perf_counter() - started
        result["dbt_peak_mib"] = _peak_mib(resource.RUSAGE_CHILDREN)
    finally:
        drop_database(url)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.days)))
        return
    console = Console(width=200)
    runs = []
    for people in args.sizes:
        with console.status(f"{people:,} people x {args.days} days: generate, ingest, dbt build, daily run"):
            child = subprocess.run([sys.executable, __file__, "--one", str(people), "--days", str(args.days)], check=True, capture_output=True, text=True)
        runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
        console.print(f"{people:,} people done")
    table = Table("people", "sets", "generate s", "ingest s", "dbt s", "total s", "s per M sets", "python peak MiB", "dbt peak MiB", "daily: new sets", "daily s", title=f"pipeline, {args.days} days")
    for r in runs:
        total = r["generate_s"] + r["ingest_s"] + r["dbt_s"]
        r["total_s"] = total
        table.add_row(
            f"{r['people']:,}", f"{r['sets']:,}", f"{r['generate_s']:.1f}", f"{r['ingest_s']:.1f}", f"{r['dbt_s']:.1f}", f"{total:.1f}",
            f"{total / r['sets'] * 1e6:.1f}", f"{r['python_peak_mib']:.0f}", f"{r['dbt_peak_mib']:.0f}", f"{r['daily_sets']:,}", f"{r['daily_s']:.1f}",
        )
    console.print(table)
    small, large = runs
    data = large["sets"] / small["sets"]
    console.print(f"data grew x{data:.2f}; total time grew x{large['total_s'] / small['total_s']:.2f} "
                  f"(per set x{(large['total_s'] / large['sets']) / (small['total_s'] / small['sets']):.2f}; <= 1 is linear or better)")
    console.print(f"python peak memory grew x{large['python_peak_mib'] / small['python_peak_mib']:.2f}, dbt peak x{large['dbt_peak_mib'] / small['dbt_peak_mib']:.2f}")
    console.print(f"daily run vs full build at {large['people']:,} people: x{large['daily_s'] / (large['ingest_s'] + large['dbt_s']):.2f} of the time")


if __name__ == "__main__":
    main()
