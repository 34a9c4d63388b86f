"""The ML service's analytics for administrators, read from the dbt marts (the Dagster UI shows
the assets each report comes from): daily active lifters, retention cohorts, recommendation
acceptance by model version, and moderation volumes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ProgrammingError

from pulse.database import resolve_warehouse_url
from pulse.settings import Settings
from serving.contract import AnalyticsOutput

# report -> (the mart it reads, the query). `:days` bounds the window; `:synthetic` is true for
# generated people only, false for real ones, null for everyone.
REPORTS: dict[str, tuple[str, str]] = {
    "daily-active": ("marts.community_daily", """
        SELECT activity_date AS day, sum(active_lifters) AS active_lifters, sum(workouts_count) AS workouts, sum(sign_ups) AS sign_ups,
               sum(kudos) AS kudos, sum(comments) AS comments
        FROM marts.community_daily
        WHERE activity_date > (SELECT max(activity_date) FROM marts.community_daily) - :days
          AND (CAST(:synthetic AS boolean) IS NULL OR is_synthetic = :synthetic)
        GROUP BY 1 ORDER BY 1"""),
    "retention": ("marts.retention_cohorts", """
        SELECT cohort_week, week_number, sum(cohort_size) AS cohort_size, sum(active_users) AS active_users,
               round(sum(active_users)::numeric / nullif(sum(cohort_size), 0), 4) AS retention_rate
        FROM marts.retention_cohorts
        WHERE cohort_week > (SELECT max(cohort_week) FROM marts.retention_cohorts) - :days
          AND (CAST(:synthetic AS boolean) IS NULL OR is_synthetic = :synthetic)
        GROUP BY 1, 2 ORDER BY 1, 2"""),
    "recommendation-acceptance": ("marts.recommendation_feedback_daily", """
        SELECT model_name, coalesce(model_version, 'fallback') AS model_version, sum(recommendations_count) AS recommendations,
               sum(recommended_exercises_count) AS exercises_shown, sum(accepted_count) AS accepted,
               round(sum(accepted_count)::numeric / nullif(sum(recommended_exercises_count), 0), 4) AS acceptance_rate
        FROM marts.recommendation_feedback_daily
        WHERE recommendation_date > (SELECT max(recommendation_date) FROM marts.recommendation_feedback_daily) - :days
          AND (CAST(:synthetic AS boolean) IS NULL OR is_synthetic = :synthetic)
        GROUP BY 1, 2 ORDER BY 1, 2"""),
    "moderation": ("marts.moderation_daily", """
        SELECT report_date AS day, report_subject AS subject, raised_by, sum(reports_opened) AS opened,
               sum(reports_resolved) AS resolved, sum(reports_dismissed) AS dismissed
        FROM marts.moderation_daily
        WHERE report_date > (SELECT max(report_date) FROM marts.moderation_daily) - :days
          AND (CAST(:synthetic AS boolean) IS NULL OR is_synthetic = :synthetic)
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"""),
}
POPULATIONS = {"all": None, "real": False, "synthetic": True}


class NotBuilt(LookupError):
    """The mart a report reads does not exist yet (the pipeline has not run)."""


class WarehouseAnalytics:
    """Reads the marts; connects on the first report (a service that is never asked never does)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._engine: Engine | None = None

    def _connect(self):
        if self._engine is None:
            self._engine = create_engine(resolve_warehouse_url(self.settings), pool_size=2, max_overflow=2, pool_pre_ping=True)
        return self._engine.connect()

    def report(self, name: str, days: int, population: str) -> AnalyticsOutput:
        mart, query = REPORTS[name]
        try:
            with self._connect() as conn:
                rows = conn.execute(text(query), {"days": days, "synthetic": POPULATIONS[population]}).mappings().all()
        except ProgrammingError as error:  # the schema or table is not there
            raise NotBuilt(f"{mart} is not built yet: run the pipeline (make demo, or the Dagster job)") from error
        return AnalyticsOutput(
            report=name, source=mart, population=population, days=days,
            rows=[{k: (v.isoformat() if isinstance(v, date) else float(v) if isinstance(v, Decimal) else v) for k, v in row.items()} for row in rows],
        )

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
