"""Schema-driven fuzzing of every API operation (schemathesis over the app's own OpenAPI document,
each request sent to the app on real PostgreSQL, signed in): no answer is a 5xx, and every answer
matches the document, for each operation alone and for chains of calls that pass ids from one
answer to the next (links schemathesis infers from the document). A fixed seed and a small example
budget keep it to a few minutes."""

import pytest
import schemathesis
from conftest import make_settings
from hypothesis import HealthCheck, Phase, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.main import create_app

pytestmark = pytest.mark.slow
EXAMPLES = 25
SCENARIOS = 80  # chains of calls, up to STEPS each
STEPS = 6
CHECKS = [not_a_server_error, response_schema_conformance]
# The document does not depend on the database: read it from an app that never connects.
schema = schemathesis.openapi.from_dict(create_app(make_settings(), database_url="postgresql+psycopg://fuzz@127.0.0.1:1/none").openapi())


@pytest.fixture(scope="module")
def fuzzer(app):
    from conftest import ApiUser
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        yield ApiUser(client, "fuzzer")


def send(case, user):
    request = case.as_transport_kwargs(base_url="http://testserver", headers=user.headers)
    response = user.client.request(**{k: v for k, v in request.items() if k in ("method", "url", "headers", "params", "json", "content", "data", "files")})
    if not hasattr(response.request, "_content"):
        # A multipart upload was streamed and cannot be rendered again; the checks only quote it.
        response.request._content = b"(multipart upload)"
    return response


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_answers_match_the_schema(case, fuzzer):
    case.validate_response(send(case, fuzzer), checks=CHECKS)


def test_chains_of_calls_never_fail_the_server_or_the_schema(fuzzer):
    failures = []

    class SignedInWorkflow(schema.as_state_machine()):
        def call(self, case, **kwargs):
            return Response.from_any(send(case, fuzzer))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as failure:  # noqa: BLE001 - collected and reported below, with the call
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {failure}")

    # One chain per seed, each its own Hypothesis run: the database moves on between chains, so
    # Hypothesis, which compares the choices of runs within one test, would call it flaky.
    for chain in range(SCENARIOS):
        seed(chain)(SignedInWorkflow).run(settings=settings(
            max_examples=1, stateful_step_count=STEPS, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.generate],
        ))
    assert not failures, "\n".join(failures)
