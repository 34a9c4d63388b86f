"""benchmarks/real_logs_bench.py runs end to end (small generated population) and ends with the
line other tools read."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def test_the_real_logs_benchmark_prints_its_table_and_last_line(server_url):
    env = {**os.environ, "PULSE_BENCH_DATABASE_URL": server_url.render_as_string(hide_password=False), "COLUMNS": "200"}
    run = subprocess.run(
        [sys.executable, "real_logs_bench.py", "--people", "20", "--days", "30", "--bootstrap", "50", "--no-write"],
        cwd=REPO / "benchmarks", env=env, capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.strip().splitlines()
    last = re.fullmatch(r"real-logs champion ndcg@10=(\d\.\d{3}) best-baseline=(\w+) ndcg@10=(\d\.\d{3}) lifters=(\d+) sessions=(\d+)", lines[-1])
    assert last, lines[-1]
    assert last[2] in {"global_popularity", "lifter_recency", "lifter_frequency", "transition", "same_title"}
    assert int(last[4]) == 5 and int(last[5]) > 100
    assert "| same_title" in run.stdout and "strong_export_dericmei" in run.stdout and "| repeat_last |" in run.stdout
