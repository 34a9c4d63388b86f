"""Training reads the feature tables through COPY and polars (pipelines/ml/data.py): the frames
must be what pandas builds from the same rows fetched one by one, type for type, for every
column type the feature tables use and the text that CSV has to quote."""

import pandas as pd
import psycopg
import pytest
from conftest import fresh_database
from sqlalchemy import create_engine

from pipelines.ml.data import read_query
from pulse.database import drop_database, libpq_conninfo

ROWS = """
    select * from (values
        (1::bigint, 3::integer, 2::smallint, 72.5::numeric, 0.25::float8, true, 'Push A'::text,
         '2026-03-01 10:00:00.5+02'::timestamptz),
        (2, null, 7, null, null, null, 'say "hi", then
leave', '2026-03-02 00:00:00+00'),
        (3, 9, null, 1e6, -1.5, false, null, null)
    ) as t(id, reps, position, weight_kg, share, is_custom, workout_name, completed_at)
"""


@pytest.fixture(scope="module")
def url(server_url):
    url = fresh_database(server_url, "pulse_test_feature_reading")
    yield url
    drop_database(url)


@pytest.mark.parametrize("query", [f"{ROWS} order by id", f"{ROWS} where id = 1", f"{ROWS} where false"], ids=["nulls", "no-nulls", "empty"])
def test_copy_and_polars_read_what_pandas_reads(url, query):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            expected = pd.read_sql_query(query, conn)
    finally:
        engine.dispose()
    with psycopg.connect(libpq_conninfo(url)) as conn:
        conn.execute("set time zone 'UTC'")
        frame = read_query(conn, query)
    if len(expected):
        pd.testing.assert_frame_equal(frame, expected)
    else:  # pandas cannot tell an empty column's type: only the names
        assert list(frame.columns) == list(expected.columns) and frame.empty
