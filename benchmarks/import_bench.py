"""Importing a long history: a Strong export of 10,000 sets (the baseline) and one of 100,000, each
into a fresh account of a scratch database, in child processes of their own.

Prints rows per second and the peak memory of each child, and how both change from the small file
to the large one: memory should stay nearly flat (the import holds a session at a time), time
should grow about tenfold.

    .venv/bin/python benchmarks/import_bench.py
    .venv/bin/python benchmarks/import_bench.py --sets 5000 50000

The database server is PULSE_BENCH_DATABASE_URL (a maintenance URL), else the embedded one.
"""

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

# Names as Strong writes them: most map to the library, two are the lifter's own.
EXERCISES = ["Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)", "Overhead Press (Barbell)", "Lat Pulldown (Cable)",
             "Bent Over Row (Barbell)", "Bicep Curl (Dumbbell)", "Triceps Pushdown", "Lying Leg Curl (Machine)", "Garage Sled Drag"]
SETS_PER_EXERCISE = 4
EXERCISES_PER_SESSION = 5


def write_export(path: Path, sets: int, seed: int = 3) -> None:
    """A plausible Strong export of about `sets` sets: four sessions a week for as long as it takes."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 5, 18, 0)
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"])
        written, session = 0, 0
        while written < sets:
            day = start + timedelta(days=session * 2 - session // 4, minutes=rng.randint(-30, 30))
            title = ("Push", "Pull", "Legs")[session % 3]
            for exercise in rng.sample(EXERCISES, EXERCISES_PER_SESSION):
                for order in range(1, SETS_PER_EXERCISE + 1):
                    weight = round(rng.uniform(20, 140) / 2.5) * 2.5
                    out.writerow([day.strftime("%Y-%m-%d %H:%M:%S"), title, "1h 5m", exercise, order, weight, rng.randint(3, 12), 0, 0, "", "", ""])
                    written += 1
            session += 1


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> float:
    """Start the peak (VmHWM) afresh from the current size (Linux: clear_refs 5); returns that size."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mib("VmRSS")


def run_one(sets: int) -> dict:
    """Child process: write the file, import it into a fresh account, report."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scratch import scratch_database
    from sqlalchemy.orm import Session

    from api.core.db import make_engine
    from api.imports.formats import ExportReader
    from api.imports.service import checked_import, read_options, run_import
    from api.users.schemas import UserCreate
    from api.users.service import create_user
    from pulse.database import drop_database

    url = scratch_database(f"pulse_bench_import_{sets}")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "export.csv"
        write_export(path, sets)
        engine = make_engine(url)
        with Session(engine) as session:
            person = create_user(session, UserCreate(email="importer@bench.test", username="importer", password="not-a-login"))
            options = read_options(person, "kg", None, "strong")
            record = checked_import(session, person, path, path.name, options)
            before = _reset_peak()
            started = time.perf_counter()
            done = run_import(session, person, record, ExportReader(path, options))
            seconds = time.perf_counter() - started
            assert done.error is None, done.error
            counts = done.counts
        engine.dispose()
    peak = _status_mib("VmHWM")
    drop_database(url)
    return {"sets": counts["sets_created"], "workouts": counts["workouts_created"], "seconds": seconds, "peak_mib": peak, "before_mib": before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, nargs=2, default=[10_000, 100_000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child)))
        return
    console = Console()
    results = []
    for sets in args.sets:
        with console.status(f"importing {sets:,} sets"):
            child = subprocess.run([sys.executable, __file__, "--child", str(sets)], capture_output=True, text=True, check=True)
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    table = Table(title="Import of a Strong export (one transaction, a session at a time in memory)")
    for column in ("sets", "workouts", "seconds", "sets per second", "peak MiB during the import", "MiB before it"):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(f"{r['sets']:,}", f"{r['workouts']:,}", f"{r['seconds']:.1f}", f"{r['sets'] / r['seconds']:,.0f}", f"{r['peak_mib']:.0f}", f"{r['before_mib']:.0f}")
    console.print(table)
    small, large = results
    console.print(
        f"{large['sets'] / small['sets']:.1f}x the sets: time x{large['seconds'] / small['seconds']:.2f}, "
        f"memory growth during the import x{(large['peak_mib'] - large['before_mib'] + 1) / (small['peak_mib'] - small['before_mib'] + 1):.2f}"
    )


if __name__ == "__main__":
    main()
