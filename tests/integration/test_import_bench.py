"""benchmarks/import_bench.py runs end to end on small files and prints its comparison line."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def test_the_import_benchmark_compares_two_sizes(server_url):
    env = {**os.environ, "PULSE_BENCH_DATABASE_URL": server_url.render_as_string(hide_password=False), "COLUMNS": "200"}
    run = subprocess.run([sys.executable, "import_bench.py", "--sets", "200", "1000"], cwd=REPO / "benchmarks", env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert re.search(r"5\.0x the sets: time x[\d.]+, memory growth during the import x[\d.]+", run.stdout), run.stdout
    assert "1,000" in run.stdout and "200" in run.stdout
