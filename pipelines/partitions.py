"""Daily partitions of the ingest and fact assets, and what a run over them rebuilds.

A run for the newest day (the schedule's and the sensor's) brings everything up to date from the
app's change log, whatever day the changes belong to. A run over earlier days (a backfill from
the UI, or `pulse pipeline run --since DATE`) also re-reads the app rows updated on those days
and rebuilds the facts of the workouts completed on them, and what follows from those.
"""

from datetime import date, datetime

from dagster import DailyPartitionsDefinition
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG, PARTITION_NAME_TAG

# UTC days from the first day imported histories plausibly reach; end_offset 1: today's partition
# exists while the day runs, so the new-data sensor can materialize it.
DAILY = DailyPartitionsDefinition(start_date="2020-01-01", timezone="UTC", end_offset=1)


def newest_day() -> str:
    return DAILY.get_last_partition_key()


def run_tags(since: date | None = None) -> dict[str, str]:
    """Tags of one run of a daily-partitioned job: the newest day, or every day from `since` to it."""
    if since is None:
        return {PARTITION_NAME_TAG: newest_day()}
    first = since.isoformat()
    if first < DAILY.start.date().isoformat() or first > newest_day():
        raise ValueError(f"since must be between {DAILY.start.date().isoformat()} and {newest_day()}, got {first}")
    return {ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: newest_day()}


def rebuild_window(tags: dict[str, str]) -> tuple[datetime, datetime] | None:
    """The days before the newest one that the run with these tags covers, as [start, end)
    instants, or None when it covers only the newest day (or is not partitioned)."""
    first = tags.get(ASSET_PARTITION_RANGE_START_TAG) or tags.get(PARTITION_NAME_TAG)
    if first is None or first >= newest_day():
        return None
    last = tags.get(ASSET_PARTITION_RANGE_END_TAG) or first
    end = min(DAILY.time_window_for_partition_key(last).end, DAILY.time_window_for_partition_key(newest_day()).start)
    return DAILY.time_window_for_partition_key(first).start, end
