"""Recommender quality and serving cost, in one table each.

1. Every candidate trained on the same per-person temporal holdout of a generated population
   (1,000 people x 180 days by default): Recall@10, NDCG@10, catalog coverage, training time,
   and the ratio of the champion (best NDCG@10) to the best baseline.
2. The API serving that champion: p50/p99 latency of POST /recommendations/exercises with the
   Redis cache and without, against a bare endpoint (GET /health: one `SELECT 1`) of the same
   server in the same run; and the server process's memory with the champion loaded, against
   the same server with no model registered.

    .venv/bin/python benchmarks/recsys_bench.py                     # generate 1,000 people, run the pipeline
    .venv/bin/python benchmarks/recsys_bench.py --people 300         # quicker
    .venv/bin/python benchmarks/recsys_bench.py --database-url URL   # reuse a database the pipeline already built

The database server is PULSE_BENCH_DATABASE_URL (a maintenance URL; a scratch database is made),
else the embedded one. Redis: PULSE_BENCH_REDIS_URL (default redis://127.0.0.1:6379/13).
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import track
from rich.table import Table

console = Console()
REQUESTS = 300


def prepare_database(people: int, days: int) -> str:
    """A scratch database with `people` generated people, ingested and built by dbt."""
    from scratch import scratch_database

    from synthetic import generate

    url = scratch_database(f"pulse_bench_recsys_{people}")
    with console.status(f"generating {people} people x {days} days"):
        generate(url, users=people, days=days, seed=1, end=(datetime.now(UTC) - timedelta(days=1)).date())
    rendered = url.render_as_string(hide_password=False)
    with console.status("ingest and dbt build"):
        from dagster import DagsterInstance

        from pipelines.definitions import build_definitions
        from pipelines.partitions import run_tags
        from pipelines.transform.project import ensure_manifest

        ensure_manifest()
        job = build_definitions(rendered, rendered).resolve_job_def("pulse_everything")
        assert job.execute_in_process(instance=DagsterInstance.ephemeral(), tags=run_tags()).success
    return rendered


def quality(database_url: str, store_uri: str):
    from pipelines.ml.data import read_features
    from pipelines.ml.recommender import train_exercise_recommender
    from pulse.settings import Settings
    from recsys.dataset import temporal_split
    from recsys.registry import artifact_root, connect
    from recsys.sessions import contexts_from_frames

    frames = read_features(database_url)
    split = temporal_split(contexts_from_frames(frames.sessions, frames.profiles, frames.muscles), frames.catalog)
    with console.status("training every candidate on the same holdout") as status:
        outcome = train_exercise_recommender(
            connect(store_uri), split, artifact_root(store_uri), Settings().promotion_margin, progress=status.update
        )
    table = Table(title=f"Exercise recommender candidates: {len(split.holdout)} people held out, {len(split.catalog)} exercises")
    for column in ("candidate", "Recall@10", "NDCG@10", "coverage", "training s"):
        table.add_column(column, justify="right" if column != "candidate" else "left")
    for c in outcome.candidates:
        mark = " (champion)" if c.name == outcome.winner else " (baseline)" if c in [outcome.best_baseline] else ""
        table.add_row(c.name + mark, f"{c.metrics.recall_at_10:.3f}", f"{c.metrics.ndcg_at_10:.3f}", f"{c.metrics.catalog_coverage:.3f}", f"{c.training_seconds:.1f}")
    console.print(table)
    winner = next(c for c in outcome.candidates if c.name == outcome.winner)
    baseline = outcome.best_baseline
    console.print(
        f"champion / best baseline: NDCG@10 x{winner.metrics.ndcg_at_10 / baseline.metrics.ndcg_at_10:.2f}, "
        f"Recall@10 x{winner.metrics.recall_at_10 / baseline.metrics.recall_at_10:.2f} "
        f"({winner.name} vs {baseline.name})"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """`pulse serve api` in its own process, so its memory is its own."""

    def __init__(self, database_url: str, store_uri: str, redis_url: str | None) -> None:
        self.port = free_port()
        env = {
            **os.environ, "DATABASE_URL": database_url, "MLFLOW_TRACKING_URI": store_uri, "DEBUG": "true",
            "LOG_LEVEL": "WARNING", "REDIS_URL": redis_url or "",
        }
        if not redis_url:
            env.pop("REDIS_URL")
        pulse = str(Path(sys.executable).with_name("pulse"))
        self.process = subprocess.Popen([pulse, "serve", "api", "--port", str(self.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=30)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if self.http.get("/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the API did not start")

    def sign_up(self, exercise_ids: list[int]) -> dict:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        self.http.post("/auth/register", json={"email": f"{name}@pulse.test", "username": name, "password": "bench-password", "fitness_goal": "strength"})
        token = self.http.post("/auth/login", data={"username": name, "password": "bench-password"}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        for days_ago in (9, 6, 3):
            end = datetime.now(UTC) - timedelta(days=days_ago)
            self.http.post("/workouts", headers=headers, json={
                "name": "Bench", "status": "completed", "started_at": (end - timedelta(hours=1)).isoformat(), "completed_at": end.isoformat(),
                "exercises": [{"exercise_id": e, "sets": [{"reps": 5, "weight": 60}]} for e in exercise_ids],
            })
        return headers

    def latencies(self, label: str, call) -> list[float]:
        call()  # warm up
        times = []
        for _ in track(range(REQUESTS), description=label, console=console, transient=True):
            started = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
        return times

    def close(self) -> None:
        self.http.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1]


def serving(database_url: str, store_uri: str, empty_store_uri: str, redis_url: str | None) -> None:
    table = Table(title=f"Serving (HTTP on loopback, {REQUESTS} sequential requests each)")
    for column in ("endpoint", "p50 ms", "p99 ms", "p50 vs bare"):
        table.add_column(column, justify="right" if column != "endpoint" else "left")
    memory = {}

    bare_server = Server(database_url, empty_store_uri, None)
    memory["no model registered"] = rss_mib(bare_server.process.pid)
    bare_server.close()

    for cache, url in (("without cache", None), ("with Redis cache", redis_url)):
        if cache == "with Redis cache" and not url:
            console.print("[yellow]no Redis: the cached run is left out[/yellow]")
            continue
        server = Server(database_url, store_uri, url)
        try:
            library = server.http.get("/exercises", params={"q": "barbell", "limit": 3}).json()["items"]
            headers = server.sign_up([e["id"] for e in library])
            bare = server.latencies("bare", lambda s=server: s.http.get("/health"))
            answer = server.http.post("/recommendations/exercises", headers=headers, json={"k": 10}).json()
            assert answer["model"]["source"] == "model", answer
            recs = server.latencies(cache, lambda s=server, h=headers: s.http.post("/recommendations/exercises", headers=h, json={"k": 10}))
            memory[f"champion loaded ({cache})"] = rss_mib(server.process.pid)
        finally:
            server.close()
        bare_p50 = percentile(bare, 50)
        if cache == "without cache":
            table.add_row("GET /health (bare)", f"{bare_p50:.1f}", f"{percentile(bare, 99):.1f}", "x1.00")
        table.add_row(f"POST /recommendations/exercises, {cache}", f"{percentile(recs, 50):.1f}", f"{percentile(recs, 99):.1f}", f"x{percentile(recs, 50) / bare_p50:.2f}")
    console.print(table)
    base = memory["no model registered"]
    for label, mib in memory.items():
        console.print(f"API process memory, {label}: {mib:.0f} MiB (x{mib / base:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--database-url", help="a database the pipeline already built (skips generation)")
    args = parser.parse_args()
    database_url = args.database_url or prepare_database(args.people, args.days)
    with tempfile.TemporaryDirectory(prefix="pulse-bench-mlflow-") as scratch:
        store, empty = f"sqlite:///{scratch}/mlflow.db", f"sqlite:///{scratch}/empty/mlflow.db"
        Path(scratch, "empty").mkdir()
        quality(database_url, store)
        redis_url = os.environ.get("PULSE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
        try:
            import redis

            redis.Redis.from_url(redis_url, socket_timeout=0.5).ping()
        except Exception:  # noqa: BLE001 - no Redis: measure without it
            redis_url = None
        serving(database_url, store, empty, redis_url)


if __name__ == "__main__":
    main()
