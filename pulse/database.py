"""Database URLs: the configured server, or an embedded PostgreSQL (pgserver) under PULSE_HOME."""

import os
import signal
import warnings
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from pulse.settings import Settings

EMBEDDED_DATABASE = "pulse"
# A Unix socket path may hold at most 107 bytes; the server's socket lives in its data dir.
_MAX_SOCKET_DIR = 107 - len("/.s.PGSQL.5432")


def sqlalchemy_url(url: str | URL) -> URL:
    """Read `postgresql://` and `postgres://` as psycopg 3, which is what we install."""
    parsed = make_url(str(url)) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def libpq_conninfo(url: str | URL) -> str:
    """A libpq connection string for psycopg, built field by field (socket hosts contain '/')."""
    parsed = sqlalchemy_url(url)
    params = {
        "host": parsed.query.get("host") or parsed.host,
        "port": parsed.port,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": parsed.database,
    }
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items() if v is not None})


def embedded_data_dir(settings: Settings) -> Path:
    return settings.pulse_home_dir / "pg"


def start_embedded_server(data_dir: Path) -> URL:
    """Start (or reuse) the embedded server and return a URL to its maintenance database.

    pgserver stops the server when the last Python process that asked for it exits unless
    cleanup_mode is None; we want it to outlive `pulse` commands, so it is stopped explicitly.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); pgserver never uses it.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: only the embedded path needs it

    data_dir.mkdir(parents=True, exist_ok=True)
    if len(str(data_dir)) > _MAX_SOCKET_DIR:
        raise RuntimeError(
            f"embedded PostgreSQL needs a data directory path of at most {_MAX_SOCKET_DIR} "
            f"characters (its socket lives there); set PULSE_HOME to a shorter path than {data_dir}"
        )
    pgserver.get_server(data_dir, cleanup_mode=None)
    return URL.create("postgresql+psycopg", username="postgres", database="postgres", query={"host": str(data_dir)})


def stop_embedded_server(data_dir: Path) -> bool:
    """Fast-shutdown the embedded server by the PID in postmaster.pid; False when none runs."""
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().splitlines()[0])
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return False
    return True


def ensure_database(url: URL) -> URL:
    """Create the database named in `url` on its server when it does not exist yet."""
    maintenance = url.set(database="postgres")
    with psycopg.connect(libpq_conninfo(maintenance), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))
    return url


def drop_database(url: URL) -> None:
    maintenance = url.set(database="postgres")
    with psycopg.connect(libpq_conninfo(maintenance), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.database)))


def resolve_database_url(settings: Settings) -> URL:
    """DATABASE_URL when set; otherwise the embedded server, started on demand."""
    if settings.database_url:
        return sqlalchemy_url(settings.database_url)
    server = start_embedded_server(embedded_data_dir(settings))
    return ensure_database(server.set(database=EMBEDDED_DATABASE))


def resolve_warehouse_url(settings: Settings) -> URL:
    """WAREHOUSE_URL when set; otherwise the app database itself (schemas keep them apart)."""
    if settings.warehouse_url:
        return ensure_database(sqlalchemy_url(settings.warehouse_url))
    return resolve_database_url(settings)


def analyze_sql(tables) -> str:
    """The statement that refreshes the planner's statistics of these app tables after a bulk
    load. Until autovacuum comes round (or never, where it is off) the planner would guess from
    an empty table and, for one, scan every set to list one person's workouts."""
    return "ANALYZE " + ", ".join(f"app.{table}" for table in sorted(tables))
