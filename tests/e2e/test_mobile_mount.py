"""mount_mobile_app on its own: no build, no browser, a tiny dist folder."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.mobile_app import mount_mobile_app


def _app_with_api_route() -> FastAPI:
    app = FastAPI()

    @app.get("/workouts")
    def workouts() -> dict:
        return {"items": []}

    return app


def test_nothing_is_mounted_without_a_build(tmp_path: Path) -> None:
    app = _app_with_api_route()
    assert mount_mobile_app(app, tmp_path / "dist") is False
    assert TestClient(app).get("/", headers={"Accept": "text/html"}).status_code == 404


def test_files_fallback_and_api_routes(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<html>app</html>")
    (tmp_path / "assets" / "index-abc.js").write_text("console.log(1)")
    (tmp_path.parent / "secret.txt").write_text("no")
    app = _app_with_api_route()
    assert mount_mobile_app(app, tmp_path) is True
    client = TestClient(app)

    asset = client.get("/assets/index-abc.js")
    assert asset.text == "console.log(1)" and "immutable" in asset.headers["cache-control"]
    assert client.get("/", headers={"Accept": "text/html"}).text == "<html>app</html>"
    assert client.get("/log", headers={"Accept": "text/html,application/xhtml+xml"}).text == "<html>app</html>"
    assert client.get("/workouts", headers={"Accept": "text/html"}).json() == {"items": []}
    assert client.post("/workouts").status_code == 405
    assert client.get("/missing.js").status_code == 404
    plain = client.get("/assets/index-abc.js", headers={"Accept-Encoding": "identity"})
    assert plain.text == "console.log(1)" and "content-encoding" not in plain.headers
    assert client.get("/%2e%2e/secret.txt").status_code == 404


def test_text_files_are_gzipped_for_clients_that_accept_it(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html>" + "pulse " * 500 + "</html>")
    app = _app_with_api_route()
    mount_mobile_app(app, tmp_path)
    response = TestClient(app).get("/", headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < 200  # 3 kB of repetition compresses well
    assert response.text.startswith("<html>pulse")  # httpx decompresses it
