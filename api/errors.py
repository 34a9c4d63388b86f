"""Error responses: every failure is JSON with a `detail` that says what was wrong."""

import math

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # FastAPI's own answer, except that the input it echoes may hold NaN or Infinity (JSON
        # allows neither, and the response would fail with a 500): those are echoed as strings.
        return JSONResponse({"detail": _json_safe(jsonable_encoder(error.errors()))}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)

    @app.exception_handler(IntegrityError)
    def integrity_error(request: Request, error: IntegrityError) -> JSONResponse:
        # Validation catches bad input first; this is the database's own last line of defence
        # (a constraint, or a race between two requests). The transaction was rolled back.
        constraint = getattr(getattr(error.orig, "diag", None), "constraint_name", None)
        return JSONResponse(
            {"detail": f"the change conflicts with stored data (constraint {constraint})"},
            status_code=status.HTTP_409_CONFLICT,
        )

    @app.exception_handler(OperationalError)
    def database_unavailable(request: Request, error: OperationalError) -> JSONResponse:
        return JSONResponse({"detail": "the database is unavailable; try again shortly"}, status_code=503)


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str) and not value.isascii():  # a lone surrogate cannot be encoded: escaped
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


class BodySizeLimit:
    """Refuse request bodies over `max_bytes` with 413, whether or not Content-Length is sent;
    `larger` allows more on paths that need it ({path: bytes})."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"].rstrip("/"), self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._reject(send, limit)
            return
        received = 0
        too_large = False

        async def counting_receive() -> Message:
            # A body without Content-Length (chunked) is counted as it arrives: past the limit the
            # 413 goes out at once and the app is told the client left, so whatever it makes of
            # that (FastAPI would answer 400) is never sent.
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request" and not too_large:
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    await self._reject(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not too_large:
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not too_large:
                raise

    async def _reject(self, send: Send, limit: int) -> None:
        response = JSONResponse(
            {"detail": f"request body is larger than the limit of {limit} bytes"},
            status_code=status.HTTP_413_CONTENT_TOO_LARGE,
        )
        await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:  # pragma: no cover - a plain JSONResponse never reads
    return {"type": "http.disconnect"}
