"""Alembic is the only way the schema changes: migrations go up and down cleanly, and the ORM
models describe exactly what they build."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import fresh_database
from sqlalchemy import create_engine, inspect, text

from api.migrations.compare import include_object
from api.models import SCHEMA, Base
from pulse.database import drop_database
from pulse.migrations import alembic_config


def test_upgrade_downgrade_upgrade_and_models_match(server_url):
    url = fresh_database(server_url, "pulse_test_migrations")
    config = alembic_config(url)
    engine = create_engine(url)
    try:
        command.upgrade(config, "head")
        tables = set(inspect(engine).get_table_names(schema=SCHEMA))
        assert {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"} == tables
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_schemas": True, "include_object": include_object, "compare_type": True, "version_table_schema": SCHEMA}
            )
            assert compare_metadata(context, Base.metadata) == []
            indexes = {i["name"] for i in inspect(conn).get_indexes("exercises", schema=SCHEMA)}
            assert "ix_exercises_search" in indexes
        command.downgrade(config, "base")
        with engine.connect() as conn:
            assert inspect(conn).get_table_names(schema=SCHEMA) == ["alembic_version"]
            assert conn.execute(text("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'app' AND t.typtype = 'e'")).scalar() == 0
        command.upgrade(config, "head")
    finally:
        engine.dispose()
        drop_database(url)


def test_updated_at_moves_on_any_update(engine):
    with engine.begin() as conn:
        row = conn.execute(text(
            "INSERT INTO app.users (email, username, hashed_password, is_synthetic) "
            "VALUES ('trigger@pulse.test', 'trigger_test', 'x', true) RETURNING id, updated_at"
        )).one()
    with engine.begin() as conn:
        later = conn.execute(text("UPDATE app.users SET full_name = 'T' WHERE id = :id RETURNING updated_at"), {"id": row.id}).scalar()
        conn.execute(text("DELETE FROM app.users WHERE id = :id"), {"id": row.id})
    assert later > row.updated_at


def test_constraints_hold_for_any_writer(engine):
    """The database refuses dishonest rows even when the API is bypassed."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    statements = [
        "INSERT INTO app.users (email, username, hashed_password) VALUES ('Dup@pulse.test', 'dup_a', 'x'), ('dup@PULSE.test', 'dup_b', 'x')",
        "INSERT INTO app.users (email, username, hashed_password) VALUES ('a1@pulse.test', 'Same', 'x'), ('a2@pulse.test', 'same', 'x')",
        "WITH u AS (INSERT INTO app.users (email, username, hashed_password) VALUES ('self@pulse.test', 'self_f', 'x') RETURNING id) "
        "INSERT INTO app.friendships (requester_id, addressee_id) SELECT id, id FROM u",
        "WITH u AS (INSERT INTO app.users (email, username, hashed_password) VALUES ('s@pulse.test', 's_s', 'x') RETURNING id) "
        "INSERT INTO app.user_stats (user_id, weight_kg) SELECT id, -70 FROM u",
    ]
    for statement in statements:
        with pytest.raises(IntegrityError):
            with engine.begin() as conn:
                conn.execute(text(statement))
