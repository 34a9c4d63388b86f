"""Resources of the code location: where the app database and the warehouse are."""

import psycopg
from dagster import ConfigurableResource

from pulse.database import libpq_conninfo


class Databases(ConfigurableResource):
    """SQLAlchemy-style URLs of the app database (read only) and the warehouse (written)."""

    app_url: str
    warehouse_url: str

    def connect_app(self) -> psycopg.Connection:
        return psycopg.connect(libpq_conninfo(self.app_url), autocommit=True)

    def connect_warehouse(self) -> psycopg.Connection:
        return psycopg.connect(libpq_conninfo(self.warehouse_url), autocommit=True)
