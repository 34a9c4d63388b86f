"""Resources of the code location: where the app database and the warehouse are."""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from dagster import ConfigurableResource

from pulse.database import libpq_conninfo

# Advisory lock keys in the warehouse (pg_advisory_lock's two-int form): the build as a whole, and
# one raw table. Runs overlap (the sensor, the schedule, `pulse pipeline run`, a click in the UI):
# dbt must not rebuild a model while another run's tests read it, nor one table be ingested twice at once.
BUILD_LOCK = 48_151
TABLE_LOCK = 48_152


class Databases(ConfigurableResource):
    """SQLAlchemy-style URLs of the app database (read only) and the warehouse (written)."""

    app_url: str
    warehouse_url: str

    def connect_app(self) -> psycopg.Connection:
        return psycopg.connect(libpq_conninfo(self.app_url), autocommit=True)

    def connect_warehouse(self) -> psycopg.Connection:
        return psycopg.connect(libpq_conninfo(self.warehouse_url), autocommit=True)

    @contextmanager
    def building(self, table: str | None = None) -> Iterator[None]:
        """Hold the warehouse while this step writes: dbt alone (`table` None), or one raw table's
        ingest beside other tables' (a shared hold on the build, the table's own alone)."""
        with self.connect_warehouse() as lock:
            if table is None:
                lock.execute("SELECT pg_advisory_lock(%s, 0)", (BUILD_LOCK,))
            else:
                lock.execute("SELECT pg_advisory_lock_shared(%s, 0)", (BUILD_LOCK,))
                lock.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", (TABLE_LOCK, table))
            yield  # released when the connection closes
