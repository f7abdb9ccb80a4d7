"""Property-based tests of the HTTP API from its own OpenAPI document (schemathesis).

For every operation ``/openapi.json`` declares, schemathesis generates requests --
valid ones, and deliberately invalid ones (wrong types, out-of-range pages, odd
strings, bodies of the wrong shape) -- and the app must never answer 500, must answer
only statuses the document declares, with bodies matching the declared schemas.  It
runs in process (ASGI) on the demo store, with the real extraction engine behind
``POST /api/extract``.  Hypothesis runs derandomised under CI (tests/conftest.py).

The operations are driven from one test with schemathesis' strategies rather than its
pytest decorator, whose lazy-fixture loader does not work with this pytest.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from quotetrail.web import create_app

CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_schema_conformance]
EXAMPLES = 25


@pytest.fixture(scope="module")
def operations(stores: Any) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(stores.demo))
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) == 7, [op.label for op in found]
    return found


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_error_and_responses_as_documented(operations: list[Any],
                                                     mode: GenerationMode) -> None:
    fuzzed = 0
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Unsatisfiable:
            # Nothing to make invalid: every string is a valid id, and /api/stats takes
            # no input.  (Only possible for negative generation.)
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        except Exception as exc:
            raise AssertionError(f"{operation.label} ({mode.value}): {exc}") from exc
        fuzzed += 1
    assert fuzzed >= (7 if mode is GenerationMode.POSITIVE else 3)
