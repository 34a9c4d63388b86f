"""Alembic environment: migrations run against the URL the caller put in the config
(`pulse db ...` and the tests do), else the one settings resolve to."""

from alembic import context
from sqlalchemy import create_engine, text

from api.migrations.compare import include_object
from api.models import SCHEMA, Base
from pulse.database import resolve_database_url
from pulse.settings import get_settings

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url") or resolve_database_url(get_settings())
    engine = create_engine(url)
    with engine.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            version_table_schema=SCHEMA,
            include_schemas=True,
            include_name=lambda name, type_, parent: type_ != "schema" or name == SCHEMA,
            include_object=include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them against a database")
run_migrations_online()
