"""benchmarks/api_bench.py runs end to end (short cells, one worker) and ends with the line other
tools read."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def test_the_api_benchmark_prints_its_table_and_last_line(server_url):
    env = {**os.environ, "PULSE_BENCH_DATABASE_URL": server_url.render_as_string(hide_password=False), "COLUMNS": "200"}
    run = subprocess.run(
        [sys.executable, "api_bench.py", "--seconds", "0.5", "--workers", "1"],
        cwd=REPO / "benchmarks", env=env, capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    for scenario in ("POST /workouts", "GET /workouts", "GET /exercises", "login"):
        assert run.stdout.count(f"│ {scenario}") == 2, scenario  # concurrency 1 and 16
    last = re.fullmatch(
        r"api workouts_list_rps=(\d+\.\d) workouts_post_rps=(\d+\.\d) exercises_over_bare=(\d\.\d{3}) rss_mb=(\d+)", run.stdout.strip().splitlines()[-1]
    )
    assert last, run.stdout[-2000:]
    assert float(last[1]) > 0 and float(last[2]) > 0 and 0 < float(last[3]) and int(last[4]) > 50
