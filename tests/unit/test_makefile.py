"""The Makefile's compose targets on a machine without Docker: one line saying so, pointing at
`make demo`, and a failing exit status; `make help` lists every target of the original design."""

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
DOCKER_TARGETS = (
    "build up down logs clean restart status backend ml frontend db health ml-train test-backend test-ml dev-build dev-up prod-build prod-up test-compose"
).split()
LOCAL_TARGETS = ["test-backend-local", "test-ml-local", "demo", "test", "help"]


def test_without_docker_each_compose_target_says_so_in_one_line(tmp_path):
    # A PATH with the shell and nothing else: no docker, no docker-compose.
    (tmp_path / "sh").symlink_to(shutil.which("sh"))
    make = shutil.which("make")
    for target in DOCKER_TARGETS:
        result = subprocess.run([make, "-s", "--no-print-directory", target], cwd=REPO, env={"PATH": str(tmp_path)}, capture_output=True, text=True)
        assert result.returncode != 0, target
        assert result.stdout.splitlines() == [
            "Docker is not available here (docker and docker-compose, with a running daemon): 'make demo' runs the same stack on embedded defaults."
        ], (target, result.stdout)


def test_help_lists_every_target_of_the_original_design():
    listed = {line.split()[1] for line in subprocess.run(["make", "help"], cwd=REPO, capture_output=True, text=True, check=True).stdout.splitlines() if line.strip()}
    missing = set(DOCKER_TARGETS + LOCAL_TARGETS) - listed
    assert not missing
