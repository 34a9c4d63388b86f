"""Serve the built mobile app (mobile/dist) from the API, at the same origin.

`mount_mobile_app(app, dist_dir)` is called after every API router is included. It adds one
catch-all GET route, so it never shadows an API route: Starlette tries routes in order, and a
request to an API path with another method still gets the API's own 405. Files in the dist
folder are served as they are; any other path a browser navigates to (Accept: text/html) gets
index.html, so client routes such as /progress load the app. Other unknown paths keep the
API's JSON 404.
"""

import gzip
from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.responses import FileResponse, Response

# Hashed build output never changes under the same name; everything else must be revalidated
# (index.html and sw.js above all, or phones keep an old app).
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
MEDIA_TYPES = {".webmanifest": "application/manifest+json", ".js": "text/javascript"}
# Text files are sent gzip-compressed to clients that accept it (the app's JavaScript shrinks
# to about 40 %); compressed once per file version and kept in memory.
COMPRESSIBLE = {".html", ".js", ".css", ".webmanifest", ".json", ".svg"}


@lru_cache(maxsize=64)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


def mount_mobile_app(app: FastAPI, dist_dir: Path) -> bool:
    """Serve the app in `dist_dir` at `/`; False (and nothing mounted) when it is not built."""
    dist = dist_dir.resolve()
    index = dist / "index.html"
    if not index.is_file():
        return False

    def file_response(path: Path, request: Request) -> Response:
        headers = {"Cache-Control": IMMUTABLE if path.parent.name == "assets" else REVALIDATE}
        media_type = MEDIA_TYPES.get(path.suffix)
        if path.suffix in COMPRESSIBLE and "gzip" in request.headers.get("accept-encoding", ""):
            body = _gzipped(path, path.stat().st_mtime_ns)
            headers |= {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
            return Response(body, media_type=media_type or FileResponse(path).media_type, headers=headers)
        return FileResponse(path, media_type=media_type, headers=headers)

    @app.get("/{path:path}", include_in_schema=False)
    def mobile_app(path: str, request: Request) -> Response:
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist):
            return file_response(candidate, request)
        if "text/html" in request.headers.get("accept", ""):
            return file_response(index, request)
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Not Found")

    return True
