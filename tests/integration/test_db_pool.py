"""The app's connection pool on real PostgreSQL: a connection the server dropped while it sat idle
in the pool is replaced before anyone uses it; one in steady use is not checked."""

import pytest
from sqlalchemy import text

from api.core.db import make_engine

pytestmark = pytest.mark.integration


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _drop(database_url, pid: int) -> None:
    killer = make_engine(database_url)
    with killer.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    killer.dispose()


@pytest.mark.parametrize(("check_after_idle_s", "first_use_fails"), [(0.0, False), (3600.0, True)])
def test_a_connection_dropped_while_idle_is_replaced_when_it_has_been_idle_long_enough(database_url, check_after_idle_s, first_use_fails):
    engine = make_engine(database_url, pool_size=1, check_after_idle_s=check_after_idle_s)
    _drop(database_url, _backend_pid(engine))  # as a database restart would
    try:
        if first_use_fails:  # not idle long enough to be checked: the first statement finds it dead
            with pytest.raises(Exception, match="terminat|closed|connection"):
                _backend_pid(engine)
        assert _backend_pid(engine) > 0  # the pool has a working connection (again)
    finally:
        engine.dispose()
