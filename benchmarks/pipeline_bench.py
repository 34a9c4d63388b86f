"""The pipeline's cost: a full build (generate → ingest → dbt) per size, and daily runs on top of it.

Per size (people × 180 days), on a scratch database, each phase in its own process so that its
peak memory is its own:
  full build   generate, ingest (whole tables) and dbt build --full-refresh: seconds, seconds per
               million sets, peak memory of each process (PostgreSQL's own memory is not counted)
  daily runs   ingest (the change log) + incremental dbt build, after
                 a fixed day:  500 people log one workout each (the same new data at every size:
                               the growth table shows whether the cost follows history or new data)
                 a real day:   every person who trained in the last two weeks logs one workout,
                               2 % of them edit a set of an older workout, 0.5 % delete one
                 a double day: the same people log two workouts each (proportional to new data?)
  features     training's read of the feature tables, as pandas built it from fetched rows and as
               COPY + polars does now (pipelines/ml/data.py), in one process
A day's workouts are copies of each person's latest workout (its exercises and sets), dated the
day after the generated history. The dbt lookback is 0 (PULSE_INCREMENTAL_LOOKBACK_HOURS), and the
daily runs test the rows loaded since the day's ingest began (production tests a day and a bit):
the runs here are minutes apart, not a day.

    .venv/bin/python benchmarks/pipeline_bench.py                       # 1,000 2,000 5,000 10,000 people
    .venv/bin/python benchmarks/pipeline_bench.py --sizes 200 500       # quicker

The database server is PULSE_BENCH_DATABASE_URL (a maintenance URL; a scratch database is made
and dropped), else the embedded one. The last line printed is
    pipeline people=<n> sets=<m> full_s_per_million_sets=<x> daily_over_full=<r>
for the largest size (daily_over_full: the real day's ingest + dbt time over the full build's).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

DAYS = 180
FIXED_DAY_PEOPLE = 500


def _timed(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a process to the end: (seconds, its peak resident memory in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:3]} failed")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def _python(*args: str) -> list[str]:
    return [sys.executable, __file__, *args]


def generate_phase(url: str, people: int, days: int) -> None:
    from synthetic import generate

    end = (datetime.now(UTC) - timedelta(days=2)).date()
    counts = generate(url, users=people, days=days, seed=1, end=end)
    Path(os.environ["PULSE_BENCH_OUT"]).write_text(json.dumps({"sets": counts["workout_sets"]}))


def ingest_phase(url: str) -> None:
    import psycopg

    from pipelines.ingest.extract import TABLES, ingest_table
    from pulse.database import libpq_conninfo

    with psycopg.connect(libpq_conninfo(url), autocommit=True) as app, psycopg.connect(libpq_conninfo(url), autocommit=True) as wh:
        for table in TABLES:
            ingest_table(app, wh, table)


def log_a_day(url: str, people: int | None, workouts_each: int, edits: bool) -> int:
    """One day of app use (see the module docstring). Returns the sets logged."""
    import psycopg

    from pulse.database import libpq_conninfo

    with psycopg.connect(libpq_conninfo(url)) as conn:
        conn.execute("""
            CREATE TEMP TABLE day_people AS
            SELECT w.user_id, max(w.id) AS template
            FROM app.workouts w
            WHERE w.status = 'completed' AND w.completed_at > (SELECT max(completed_at) - interval '14 days' FROM app.workouts)
            GROUP BY w.user_id ORDER BY w.user_id LIMIT %s""", (people,))
        conn.execute("""
            CREATE TEMP TABLE day_workouts AS
            SELECT p.user_id, p.template, n.n, nextval(pg_get_serial_sequence('app.workouts', 'id')) AS id
            FROM day_people p CROSS JOIN generate_series(1, %s) AS n(n)""", (workouts_each,))
        conn.execute("""
            INSERT INTO app.workouts (id, user_id, name, status, started_at, completed_at, duration_s, total_volume_kg,
                                      calories_kcal, is_synthetic)
            SELECT d.id, w.user_id, w.name, 'completed', day.start + (d.n - 1) * interval '4 hours',
                   day.start + (d.n - 1) * interval '4 hours' + (w.completed_at - w.started_at),
                   w.duration_s, w.total_volume_kg, w.calories_kcal, true
            FROM day_workouts d JOIN app.workouts w ON w.id = d.template
            CROSS JOIN (SELECT date_trunc('day', max(completed_at)) + interval '1 day 07:00' AS start FROM app.workouts) AS day""")
        conn.execute("""
            CREATE TEMP TABLE day_entries AS
            SELECT d.id AS workout_id, e.id AS template, nextval(pg_get_serial_sequence('app.workout_exercises', 'id')) AS id
            FROM day_workouts d JOIN app.workout_exercises e ON e.workout_id = d.template""")
        conn.execute("""
            INSERT INTO app.workout_exercises (id, workout_id, exercise_id, position, is_synthetic)
            SELECT d.id, d.workout_id, e.exercise_id, e.position, true
            FROM day_entries d JOIN app.workout_exercises e ON e.id = d.template""")
        logged = conn.execute("""
            INSERT INTO app.workout_sets (workout_exercise_id, set_index, set_type, reps, weight_kg, duration_s, distance_m, rpe,
                                          completed_at, is_synthetic)
            SELECT d.id, s.set_index, s.set_type, s.reps, s.weight_kg, s.duration_s, s.distance_m, s.rpe,
                   w.completed_at, true
            FROM day_entries d JOIN app.workout_sets s ON s.workout_exercise_id = d.template
            JOIN app.workouts w ON w.id = d.workout_id""").rowcount
        if edits:
            conn.execute("""
                UPDATE app.workout_sets SET reps = reps + 1 WHERE id IN (
                    SELECT min(s.id) FROM day_people p
                    JOIN app.workouts w ON w.user_id = p.user_id AND w.id < p.template
                    JOIN app.workout_exercises e ON e.workout_id = w.id
                    JOIN app.workout_sets s ON s.workout_exercise_id = e.id
                    WHERE p.user_id % 50 = 0 AND s.reps IS NOT NULL GROUP BY p.user_id)""")
            conn.execute("""
                DELETE FROM app.workouts WHERE id IN (
                    SELECT min(w.id) FROM day_people p JOIN app.workouts w ON w.user_id = p.user_id
                    WHERE p.user_id % 200 = 7 GROUP BY p.user_id)""")
    return logged


def read_features_phase(url: str) -> None:
    """Training's read of the feature tables: pandas building the frames from fetched rows (what
    pipelines/ml/data.py did before) against COPY parsed by polars (what it does), same process."""
    import pandas as pd
    from sqlalchemy import create_engine

    from pipelines.ml.data import FEATURE_QUERIES, read_features

    started = time.perf_counter()
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = sum(len(pd.read_sql_query(query, conn)) for query in FEATURE_QUERIES.values())
    engine.dispose()
    pandas_s = time.perf_counter() - started
    started = time.perf_counter()
    read_features(url)
    Path(os.environ["PULSE_BENCH_OUT"]).write_text(json.dumps({"rows": rows, "pandas_s": pandas_s, "polars_s": time.perf_counter() - started}))


def setup_phase(people: int) -> None:
    """A scratch database, and the dbt command and environment for it (written to PULSE_BENCH_OUT),
    so that the orchestrating process stays small: a child's peak memory counts from its parent's."""
    from scratch import scratch_database

    from pipelines.transform.project import DBT_DIR, DBT_EXECUTABLE, dbt_build_args, dbt_env, ensure_manifest

    url = scratch_database(f"pulse_bench_{people}")
    ensure_manifest()
    dbt = [DBT_EXECUTABLE, *dbt_build_args(exclude_unit_tests=True), "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--quiet"]
    Path(os.environ["PULSE_BENCH_OUT"]).write_text(json.dumps({"url": url.render_as_string(hide_password=False), "dbt": dbt, "env": dbt_env(url)}))


def drop_phase(url: str) -> None:
    from pulse.database import drop_database, sqlalchemy_url

    drop_database(sqlalchemy_url(url))


def run_size(people: int, days: int) -> dict:
    """One size, end to end, on a scratch database; every phase is a child process."""
    out = Path(f"/tmp/pulse_bench_{os.getpid()}.json")
    env = {**os.environ, "PULSE_BENCH_OUT": str(out), "PULSE_INCREMENTAL_LOOKBACK_HOURS": "0"}
    _timed(_python("--phase", "setup", str(people)), env)
    setup = json.loads(out.read_text())
    url, dbt = setup["url"], setup["dbt"]
    env.update(setup["env"])
    result: dict = {"people": people}
    try:
        result["generate_s"], result["generate_mib"] = _timed(_python("--phase", "generate", url, str(people), str(days)), env)
        result["sets"] = json.loads(out.read_text())["sets"]
        result["ingest_s"], result["ingest_mib"] = _timed(_python("--phase", "ingest", url), env)
        result["dbt_s"], result["dbt_mib"] = _timed([*dbt, "--full-refresh"], env)
        for day, (who, each, edits) in {"fixed": (FIXED_DAY_PEOPLE, 1, False), "real": (None, 1, True), "double": (None, 2, False)}.items():
            _timed(_python("--phase", "day", url, str(who or 0), str(each), str(int(edits))), env)
            result[f"{day}_sets"] = json.loads(out.read_text())["sets"]
            day_started = datetime.now(UTC)
            result[f"{day}_ingest_s"], _ = _timed(_python("--phase", "ingest", url), env)
            # As a newest-day run in production: tests read the rows loaded since the day began.
            result[f"{day}_dbt_s"], _ = _timed([*dbt, "--vars", json.dumps({"test_loaded_after": day_started.isoformat()})], env)
        _timed(_python("--phase", "read", url), env)
        result |= {f"read_{k}": v for k, v in json.loads(out.read_text()).items()}
    finally:
        _timed(_python("--phase", "drop", url), env)
        out.unlink(missing_ok=True)
    return result


def report(runs: list[dict], days: int, console: Console) -> None:
    full = Table("people", "sets", "generate s", "ingest s", "dbt s", "total s", "s per M sets (gen / ingest / dbt / total)",
                 "peak MiB (gen / ingest / dbt)", title=f"full build, {days} days of history")
    daily = Table("people", "history sets", f"fixed day: {FIXED_DAY_PEOPLE} workouts", "real day", "double day",
                  "real day / full (ingest + dbt)", title="daily runs: new sets, ingest + dbt seconds")
    for r in runs:
        total = r["generate_s"] + r["ingest_s"] + r["dbt_s"]
        per_m = [r[k] / r["sets"] * 1e6 for k in ("generate_s", "ingest_s", "dbt_s")] + [total / r["sets"] * 1e6]
        full.add_row(f"{r['people']:,}", f"{r['sets']:,}", f"{r['generate_s']:.1f}", f"{r['ingest_s']:.1f}", f"{r['dbt_s']:.1f}", f"{total:.1f}",
                     " / ".join(f"{x:.1f}" for x in per_m), f"{r['generate_mib']:.0f} / {r['ingest_mib']:.0f} / {r['dbt_mib']:.0f}")
        cells = [f"{r[f'{d}_sets']:,} sets: {r[f'{d}_ingest_s']:.1f} + {r[f'{d}_dbt_s']:.1f} s" for d in ("fixed", "real", "double")]
        r["daily_over_full"] = (r["real_ingest_s"] + r["real_dbt_s"]) / (r["ingest_s"] + r["dbt_s"])
        daily.add_row(f"{r['people']:,}", f"{r['sets']:,}", *cells, f"{r['daily_over_full']:.3f}")
    reads = Table("people", "feature rows", "pandas from fetched rows s", "COPY + polars s", "polars / pandas",
                  title="training's read of the feature tables")
    for r in runs:
        reads.add_row(f"{r['people']:,}", f"{r['read_rows']:,}", f"{r['read_pandas_s']:.2f}", f"{r['read_polars_s']:.2f}",
                      f"{r['read_polars_s'] / r['read_pandas_s']:.2f}")
    console.print(full)
    console.print(daily)
    console.print(reads)
    large = runs[-1]
    double = (large["double_ingest_s"] + large["double_dbt_s"]) / (large["real_ingest_s"] + large["real_dbt_s"])
    console.print(f"at {large['people']:,} people: double the new data (x{large['double_sets'] / large['real_sets']:.2f} sets) "
                  f"cost x{double:.2f} of the real day")
    if len(runs) > 1:
        small = runs[0]
        fixed = lambda r: r["fixed_ingest_s"] + r["fixed_dbt_s"]  # noqa: E731
        console.print(f"history grew x{large['sets'] / small['sets']:.1f} with the same fixed day: its cost grew x{fixed(large) / fixed(small):.2f}")
    total = large["generate_s"] + large["ingest_s"] + large["dbt_s"]
    print(f"pipeline people={large['people']} sets={large['sets']} full_s_per_million_sets={total / large['sets'] * 1e6:.1f} "
          f"daily_over_full={large['daily_over_full']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        name, *rest = args.phase
        if name == "setup":
            setup_phase(int(rest[0]))
        elif name == "generate":
            generate_phase(rest[0], int(rest[1]), int(rest[2]))
        elif name == "ingest":
            ingest_phase(rest[0])
        elif name == "read":
            read_features_phase(rest[0])
        elif name == "day":
            sets = log_a_day(rest[0], int(rest[1]) or None, int(rest[2]), rest[3] == "1")
            Path(os.environ["PULSE_BENCH_OUT"]).write_text(json.dumps({"sets": sets}))
        else:
            drop_phase(rest[0])
        return
    console = Console(width=200)
    runs = []
    for people in sorted(args.sizes):
        with console.status(f"{people:,} people x {args.days} days: generate, ingest, dbt build, three daily runs"):
            runs.append(run_size(people, args.days))
        console.print(f"{people:,} people done: {json.dumps({k: round(v, 2) for k, v in runs[-1].items()})}")
    report(runs, args.days, console)


if __name__ == "__main__":
    main()
