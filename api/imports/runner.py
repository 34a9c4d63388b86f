"""Imports run one at a time on a worker thread of the API process, each in its own database
session; the request that started one returns at once and the client follows GET /imports/{id}."""

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from api.imports.formats import ExportReader, ReadOptions
from api.imports.service import run_import
from api.models import Import, User
from api.recommendations.cache import RecommendationCache

log = logging.getLogger(__name__)


class ImportRunner:
    def __init__(self, sessions: sessionmaker, cache: RecommendationCache) -> None:
        self.sessions, self.cache = sessions, cache
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import")

    def submit(self, import_id: int, user_id: int, path: Path, options: ReadOptions) -> Future:
        return self.pool.submit(self._run, import_id, user_id, path, options)

    def _run(self, import_id: int, user_id: int, path: Path, options: ReadOptions) -> None:
        try:
            with self.sessions() as session:
                person = session.get(User, user_id)
                run_import(session, person, session.get(Import, import_id), ExportReader(path, options))
                self.cache.invalidate(person)  # new history: cached recommendations are stale
        except Exception:  # noqa: BLE001 - a worker thread has no caller to raise to
            log.exception("import %s failed outside its transaction", import_id)
        finally:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
