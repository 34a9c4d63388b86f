"""The dbt project as Dagster sees it, and the small pure helpers around the dbt CLI."""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from dagster_dbt import DbtProject
from sqlalchemy.engine import URL

from pulse.database import sqlalchemy_url
from pulse.settings import REPO_ROOT

DBT_DIR = REPO_ROOT / "dbt"
# The dbt next to this interpreter, so a stray dbt on PATH is never used.
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))
RUN_TARGETS_KEPT = 3


@cache
def dbt_project() -> DbtProject:
    return DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


def dbt_env(warehouse_url: str | URL) -> dict[str, str]:
    """The variables dbt/profiles.yml reads, for the warehouse at `warehouse_url`."""
    url = sqlalchemy_url(warehouse_url)
    return {
        "PULSE_DBT_HOST": str(url.query.get("host") or url.host or "127.0.0.1"),
        "PULSE_DBT_PORT": str(url.port or 5432),
        "PULSE_DBT_USER": url.username or "postgres",
        "PULSE_DBT_PASSWORD": url.password or "",
        "PULSE_DBT_DBNAME": url.database or "postgres",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # PostgreSQL's JIT compiles a query when its estimated cost is high, which an incremental
        # model's estimate often is although it touches a day's rows: the compilation took longer
        # than the query (1.2 of 1.4 s for int_goal_progress), and full builds ran 15 % faster without it.
        "PGOPTIONS": "-c jit=off",
    }


@contextmanager
def warehouse_environment(warehouse_url: str | URL) -> Iterator[None]:
    """dbt reads its connection from the environment (dbt/profiles.yml), and dagster-dbt hands the
    process's environment to the dbt it starts: set the variables while dbt starts, then restore."""
    before = {key: os.environ.get(key) for key in dbt_env(warehouse_url)}
    os.environ.update(dbt_env(warehouse_url))
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def dbt_build_args(full_refresh: bool = False, select: str | None = None, exclude_unit_tests: bool = False) -> list[str]:
    # "buildable": a test runs in the invocation that builds all its models (or their descendants);
    # the facts and the rest are built by two invocations (pipelines/transform/assets.py), and a
    # relationship test between them must wait for the second.
    args = ["build", "--indirect-selection", "buildable"]
    if select:
        args += ["--select", select]
    if exclude_unit_tests:
        args += ["--exclude", "resource_type:unit_test"]
    if full_refresh:
        args.append("--full-refresh")
    return args


def manifest_is_stale(project_dir: Path = DBT_DIR) -> bool:
    manifest = project_dir / "target" / "manifest.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [p for folder in ("models", "macros", "tests", "seeds") for p in (project_dir / folder).rglob("*") if p.is_file()]
    sources += [project_dir / "dbt_project.yml"]
    return any(p.stat().st_mtime > built for p in sources if p.exists())


def ensure_manifest(project_dir: Path = DBT_DIR) -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project's files (a build
    step: Dagster reads the manifest when the code location loads).

    Not dagster-dbt's DbtProject preparer: it parses on every load (3 s here even when nothing
    changed, 8 s cold) and runs whichever `dbt` is first on PATH, where this checks file times
    and uses the venv's dbt."""
    if manifest_is_stale(project_dir):
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        subprocess.run(
            [DBT_EXECUTABLE, "parse", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir), "--quiet"],
            check=True,
            env=env,
        )
    return project_dir / "target" / "manifest.json"


def prune_run_targets(target_dir: Path, keep: int = RUN_TARGETS_KEPT) -> list[Path]:
    """dagster-dbt leaves one target/<asset>-<run>-<hash>/ folder per run: keep the newest few."""
    runs = sorted((p for p in target_dir.glob("*-*-*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = runs[keep:]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed
