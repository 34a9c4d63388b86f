"""A scratch database for a benchmark: on PULSE_BENCH_DATABASE_URL's server (a maintenance URL),
else the embedded one; dropped first if it exists, migrated, with the exercise library."""

import os

from sqlalchemy.engine import URL


def scratch_database(name: str) -> URL:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from api.exercises.library import load_library
    from pulse.database import drop_database, ensure_database, resolve_database_url, sqlalchemy_url
    from pulse.migrations import migrate
    from pulse.settings import Settings

    server = os.environ.get("PULSE_BENCH_DATABASE_URL")
    base = sqlalchemy_url(server) if server else resolve_database_url(Settings(database_url=None))
    url = base.set(database=name)
    drop_database(url)
    ensure_database(url)
    migrate(url)
    engine = create_engine(url)
    with Session(engine) as session:
        load_library(session)
    engine.dispose()
    return url
