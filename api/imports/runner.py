"""Imports run one at a time on a worker thread of the API process, each in its own database
session; the request that started one returns at once and the client follows GET /imports/{id}.
While one runs, the runner knows how far it has read (rows of the file's lines): the import's
transaction commits only at the end, so progress cannot be read from the database."""

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from api.imports.formats import ExportReader, ReadOptions
from api.imports.schemas import ImportProgress
from api.imports.service import run_import
from api.models import Import, User
from api.recommendations.cache import RecommendationCache

log = logging.getLogger(__name__)


class ImportRunner:
    def __init__(self, sessions: sessionmaker, cache: RecommendationCache) -> None:
        self.sessions, self.cache = sessions, cache
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import")
        self._read: dict[int, ImportProgress] = {}

    def progress(self, import_id: int) -> ImportProgress | None:
        """Rows read so far of an import running in this process (None when it is not)."""
        return self._read.get(import_id)

    def submit(self, import_id: int, user_id: int, path: Path, options: ReadOptions) -> Future:
        return self.pool.submit(self._run, import_id, user_id, path, options)

    def _run(self, import_id: int, user_id: int, path: Path, options: ReadOptions) -> None:
        try:
            with self.sessions() as session:
                person = session.get(User, user_id)
                reader = ExportReader(path, options)
                total = reader.data_lines
                self._read[import_id] = ImportProgress(rows_read=0, rows_total=total)

                def read(rows: int) -> None:
                    self._read[import_id] = ImportProgress(rows_read=min(rows, total), rows_total=total)

                run_import(session, person, session.get(Import, import_id), reader, progress=read)
                self.cache.invalidate(person)  # new history: cached recommendations are stale
        except Exception:  # noqa: BLE001 - a worker thread has no caller to raise to
            log.exception("import %s failed outside its transaction", import_id)
        finally:
            self._read.pop(import_id, None)
            path.unlink(missing_ok=True)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
