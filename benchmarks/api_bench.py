"""The API's hot paths under load, against a bare FastAPI app doing the same SQL (bare_api.py).

Four scenarios, each at concurrency 1 and 16 on keep-alive connections over loopback, for one
worker and for two (`pulse serve api --workers N`; the bare app under the same uvicorn with the
same count): log one workout (5 exercises x 4 sets, POST /workouts), list one's workouts (first
page of 20 out of 200, GET /workouts), list exercises (first page, GET /exercises) and log in.
Pulse and bare cells alternate, so a busy moment of the machine hits both. Also: each server's
peak RSS, the API's start-up time to a healthy /health, and the API process's memory with no
model registered.

    .venv/bin/python benchmarks/api_bench.py                    # about 4 minutes
    .venv/bin/python benchmarks/api_bench.py --seconds 2 --workers 1

The load comes from this process (asyncio, raw HTTP/1.1): on a two-core machine client and server
share the cores, the same way for Pulse and bare. The database server is PULSE_BENCH_DATABASE_URL
(a maintenance URL; a scratch database is made), else the embedded one. The last line is
`api workouts_list_rps=<x> workouts_post_rps=<y> exercises_over_bare=<r> rss_mb=<m>` (concurrency
16, one worker).
"""

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

console = Console(width=150)
HERE = Path(__file__).resolve().parent
PASSWORD = "bench-password"
HISTORY = 200  # workouts the listing person has
CONCURRENCY = (1, 16)
SCENARIOS = ("GET /workouts", "POST /workouts", "GET /exercises", "login")


@dataclass
class Request:
    method: str
    target: str
    body: bytes = b""
    content_type: str = "application/json"
    token: str | None = None

    def encode(self, port: int) -> bytes:
        head = [f"{self.method} {self.target} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {len(self.body)}"]
        if self.body:
            head.append(f"Content-Type: {self.content_type}")
        if self.token:
            head.append(f"Authorization: Bearer {self.token}")
        return ("\r\n".join(head) + "\r\n\r\n").encode() + self.body


async def _one_connection(port: int, make_request, client: int, stop_at: float, latencies: list[float], statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at:
            payload = make_request(client).encode(port)
            started = time.perf_counter()
            writer.write(payload)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            code = int(lines[0].split()[1])
            statuses[code] = statuses.get(code, 0) + 1
    finally:
        writer.close()


@dataclass
class Cell:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def measure(port: int, make_request, concurrency: int, seconds: float) -> Cell:
    """`concurrency` connections, each a client sending `make_request(client)` back to back for
    `seconds` (after a short warm-up that is not counted)."""

    async def run(duration: float) -> tuple[list[float], dict[int, int], float]:
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        started = time.perf_counter()
        await asyncio.gather(*(_one_connection(port, make_request, c, started + duration, latencies, statuses) for c in range(concurrency)))
        return latencies, statuses, time.perf_counter() - started

    asyncio.run(run(min(1.0, seconds / 4)))
    latencies, statuses, elapsed = asyncio.run(run(seconds))
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return Cell(len(latencies), elapsed, pick(0.50), pick(0.99), statuses)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return [pid] + [p for child in children for p in process_tree(child)]


def memory_mib(pid: int, field: str) -> float:
    """`field` (VmRSS now, VmHWM the peak) of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Server:
    def __init__(self, command: list[str], env: dict[str, str], port: int, workers: int) -> None:
        self.port, self.workers = port, workers
        started = time.perf_counter()
        # The server's output goes to a file: a pipe nobody reads would stop it once full.
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = started + 180
        while True:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"{command[0]} exited: {self.log.read().decode(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{command[0]} did not answer /health within 180 s")
            time.sleep(0.05)
        self.startup_s = time.perf_counter() - started

    def serving_processes(self) -> list[int]:
        """The processes that answer requests: the server itself with one worker, else its workers."""
        tree = process_tree(self.process.pid)
        return tree if self.workers == 1 else [p for p in tree[1:] if memory_mib(p, "VmRSS") > 0]

    def rss_mib(self, field: str = "VmRSS") -> float:
        return max(memory_mib(p, field) for p in self.serving_processes())

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def pulse_server(database_url: str, store_uri: str, workers: int) -> Server:
    port = free_port()
    env = {
        **os.environ, "DATABASE_URL": database_url, "MLFLOW_TRACKING_URI": store_uri, "LOG_LEVEL": "WARNING",
        "SECRET_KEY": "api-bench-" + "x" * 40, "LOGIN_RATE_LIMIT_PER_ACCOUNT": "1000000/minute", "LOGIN_RATE_LIMIT_PER_IP": "1000000/minute",
    }
    env.pop("REDIS_URL", None)
    pulse = str(Path(sys.executable).with_name("pulse"))
    return Server([pulse, "serve", "api", "--port", str(port), "--workers", str(workers)], env, port, workers)


def bare_server(database_url: str, workers: int) -> Server:
    port = free_port()
    env = {**os.environ, "BARE_DATABASE_URL": database_url}
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "bare_api:create_app", "--factory", "--port", str(port),
        "--workers", str(workers), "--log-level", "warning",
    ]
    return Server(command, env, port, workers)


# Run in a process of its own: the API's modules and a started app, as a worker holds them.
FULL_COLLECTION = """
import gc, sys, time
from fastapi.testclient import TestClient
from api.main import create_app
from pulse.settings import Settings
from serving.holder import settle_heap

def full_collection_ms():
    started = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - started) * 1000

settings = Settings(secret_key="x" * 40, mlflow_tracking_uri=sys.argv[2], redis_url=None)
with TestClient(create_app(settings, database_url=sys.argv[1])):
    gc.unfreeze()
    before = min(full_collection_ms() for _ in range(5))
    tracked = len(gc.get_objects())
    settle_heap()
    after = min(full_collection_ms() for _ in range(5))
    print(f"{before:.1f} {after:.1f} {tracked}")
"""


def full_collection(database_url: str, store_uri: str) -> str:
    """How long a full garbage collection of a started API process takes, with its start-up heap
    in the collector's sight and after settle_heap (gc.freeze) moved it out."""
    run = subprocess.run([sys.executable, "-c", FULL_COLLECTION, database_url, store_uri], capture_output=True, text=True, check=True)
    before, after, tracked = run.stdout.split()
    return f"a full garbage collection of a started API process: {before} ms over its {int(tracked):,} start-up objects, {after} ms once they are frozen"


def with_models(database_url: str, store_uri: str) -> None:
    """Start the API on a store with champions: when /health answers, and when the models are in."""
    server = pulse_server(database_url, store_uri, 1)
    try:
        started = time.perf_counter() - server.startup_s
        while httpx.get(f"http://127.0.0.1:{server.port}/health", timeout=5).json()["models"]["status"] != "ready":
            time.sleep(0.1)
        ready_s = time.perf_counter() - started
        console.print(
            f"with the champions of {store_uri}: /health answered after {server.startup_s:.1f} s (fallback answers meanwhile), "
            f"models ready after {ready_s:.1f} s, RSS then {server.rss_mib():.0f} MiB"
        )
    finally:
        server.close()


def workout_body(exercise_ids: list[int], end: datetime) -> dict:
    return {
        "name": "Bench day", "status": "completed", "started_at": (end - timedelta(hours=1)).isoformat(), "completed_at": end.isoformat(),
        "exercises": [{"exercise_id": e, "sets": [{"reps": 5 + i, "weight": 60 + 2.5 * i} for i in range(4)]} for e in exercise_ids],
    }


def prepare(port: int, database_url: str) -> dict:
    """People made through the API: one with HISTORY logged workouts to list, and one per
    connection who logs the benchmark's new workouts and logs in (as many people at once would;
    the listing does not grow while it is measured). Then ANALYZE, as autovacuum would have done
    on a server where it runs (it is off on some test machines)."""
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)

    def person(role: str) -> dict:
        name = f"bench_{role}_{uuid.uuid4().hex[:6]}"
        http.post("/auth/register", json={"email": f"{name}@pulse.test", "username": name, "password": PASSWORD}).raise_for_status()
        token = http.post("/auth/login", data={"username": name, "password": PASSWORD}).json()["access_token"]
        return {"username": name, "token": token, "id": http.get("/users/me", headers={"Authorization": f"Bearer {token}"}).json()["id"]}

    people = {"lister": person("lister"), "loggers": [person("logger") for _ in range(max(CONCURRENCY))]}
    exercise_ids = [e["id"] for e in http.get("/exercises", params={"limit": 5, "q": "barbell"}).json()["items"]]
    lister = {"Authorization": f"Bearer {people['lister']['token']}"}
    now = datetime.now(UTC)
    for day in range(HISTORY):
        http.post("/workouts", headers=lister, json=workout_body(exercise_ids, now - timedelta(days=day + 1))).raise_for_status()
    http.close()
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()
    return {"people": people, "exercise_ids": exercise_ids}


def scenarios(setup: dict, bare: bool) -> dict[str, callable]:
    """Each scenario's next request, for Pulse or for the bare app."""
    exercise_ids, lister, loggers = setup["exercise_ids"], setup["people"]["lister"], setup["people"]["loggers"]
    post_body = lambda: json.dumps(workout_body(exercise_ids, datetime.now(UTC))).encode()  # noqa: E731
    login = lambda c: urlencode({"username": loggers[c]["username"], "password": PASSWORD}).encode()  # noqa: E731
    form = "application/x-www-form-urlencoded"
    if bare:
        return {
            "POST /workouts": lambda c: Request("POST", f"/workouts?user={loggers[c]['id']}", post_body()),
            "GET /workouts": lambda c: Request("GET", f"/workouts?user={lister['id']}"),
            "GET /exercises": lambda c: Request("GET", "/exercises"),
            "login": lambda c: Request("POST", "/auth/login", login(c), form),
        }
    return {
        "POST /workouts": lambda c: Request("POST", "/workouts", post_body(), token=loggers[c]["token"]),
        "GET /workouts": lambda c: Request("GET", "/workouts?limit=20", token=lister["token"]),
        "GET /exercises": lambda c: Request("GET", "/exercises?limit=20"),
        "login": lambda c: Request("POST", "/auth/login", login(c), form),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0, help="measured seconds per cell")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, help="measure only these scenarios (no last line then)")
    parser.add_argument("--models-from", metavar="MLFLOW_URI", help="also time a start with the champions of this MLflow store (e.g. make demo's)")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    from scratch import scratch_database

    with console.status("scratch database"):
        database_url = scratch_database("pulse_bench_api").render_as_string(hide_password=False)
    scratch = tempfile.TemporaryDirectory(prefix="pulse-bench-api-")
    # No model registered: the API answers recommendations from its fallback, as on a fresh install.
    store_uri = f"sqlite:///{scratch.name}/mlflow.db"

    table = Table(title=f"API under load: {args.seconds:.0f} s per cell on loopback, Pulse vs bare FastAPI (same uvicorn, same workers)")
    for column in ("scenario", "workers", "conc.", "Pulse req/s", "p50 ms", "p99 ms", "bare req/s", "p50 ms", "p99 ms", "Pulse / bare"):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    results: dict[tuple[str, int, int], tuple[Cell, Cell]] = {}
    memory: dict[int, tuple[float, float, float]] = {}
    startup: dict[int, float] = {}
    setup = None
    for workers in args.workers:
        pulse, bare = pulse_server(database_url, store_uri, workers), bare_server(database_url, workers)
        try:
            startup[workers] = pulse.startup_s
            idle_rss = pulse.rss_mib()
            setup = setup or prepare(pulse.port, database_url)
            pulse_calls, bare_calls = scenarios(setup, bare=False), scenarios(setup, bare=True)
            for name in [name for name in pulse_calls if not args.only or name in args.only]:
                for concurrency in CONCURRENCY:
                    console.print(f"  {name}, {workers} worker(s), concurrency {concurrency}", end="\r")
                    ours = measure(pulse.port, pulse_calls[name], concurrency, args.seconds)
                    floor = measure(bare.port, bare_calls[name], concurrency, args.seconds)
                    bad = {code: n for cell in (ours, floor) for code, n in cell.statuses.items() if code >= 400}
                    if bad:
                        raise RuntimeError(f"{name}: error answers {bad}")
                    results[name, workers, concurrency] = ours, floor
                    table.add_row(
                        name, str(workers), str(concurrency), f"{ours.rps:.0f}", f"{ours.p50_ms:.1f}", f"{ours.p99_ms:.1f}",
                        f"{floor.rps:.0f}", f"{floor.p50_ms:.1f}", f"{floor.p99_ms:.1f}", f"{ours.rps / floor.rps:.2f}",
                    )
            memory[workers] = (idle_rss, pulse.rss_mib("VmHWM"), bare.rss_mib("VmHWM"))
        finally:
            pulse.close()
            bare.close()
    console.print(table)
    for workers, (idle, peak, bare_peak) in memory.items():
        console.print(
            f"{workers} worker(s): API started in {startup[workers]:.1f} s; per worker RSS {idle:.0f} MiB idle (no model registered), "
            f"peak {peak:.0f} MiB under load; bare peak {bare_peak:.0f} MiB"
        )
    console.print(full_collection(database_url, store_uri))
    if args.models_from:
        with_models(database_url, args.models_from)
    scratch.cleanup()
    one = {name: results[name, 1, 16] for name in SCENARIOS[:3]} if 1 in args.workers and not args.only else None
    if one:
        print(
            f"api workouts_list_rps={one['GET /workouts'][0].rps:.1f} workouts_post_rps={one['POST /workouts'][0].rps:.1f} "
            f"exercises_over_bare={one['GET /exercises'][0].rps / one['GET /exercises'][1].rps:.3f} rss_mb={memory[1][1]:.0f}"
        )


if __name__ == "__main__":
    main()
