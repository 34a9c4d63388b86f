"""Schema-driven fuzzing of every API operation (schemathesis over the app's own OpenAPI document,
each request sent to the app on real PostgreSQL, signed in): no answer is a 5xx, and every answer
matches the document. A fixed seed and a small example budget keep it to a few minutes."""

import pytest
import schemathesis
from conftest import make_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.main import create_app

pytestmark = pytest.mark.slow
EXAMPLES = 25
# The document does not depend on the database: read it from an app that never connects.
schema = schemathesis.openapi.from_dict(create_app(make_settings(), database_url="postgresql+psycopg://fuzz@127.0.0.1:1/none").openapi())


@pytest.fixture(scope="module")
def fuzzer(app):
    from conftest import ApiUser
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        yield ApiUser(client, "fuzzer")


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_answers_match_the_schema(case, fuzzer):
    request = case.as_transport_kwargs(base_url="http://testserver", headers=fuzzer.headers)
    response = fuzzer.client.request(**{k: v for k, v in request.items() if k in ("method", "url", "headers", "params", "json", "content", "data", "files")})
    if not hasattr(response.request, "_content"):
        # A multipart upload was streamed and cannot be rendered again; the checks only quote it.
        response.request._content = b"(multipart upload)"
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
