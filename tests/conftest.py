"""Shared test fixtures.

Third-party text (the seed article, PolNeAR) stays in ``../shared``.  Tests that need
it use the ``shared_dir`` fixture: they skip with a clear reason where ``../shared`` is
absent (a user's own clone) and fail when ``CI=true`` (CI always has it).
Hypothesis runs derandomised under CI so a red run can be reproduced.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    max_examples=60,
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          max_examples=40)
settings.load_profile("ci" if IN_CI else "dev")


def _need(path: Path) -> Path:
    if path.exists():
        return path
    reason = f"{path} is absent: third-party text lives in ../shared beside the clone"
    if IN_CI:
        pytest.fail(reason + " (CI=true requires it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    path = _need(shared_dir / "data" / "seed" / "heartstopper.txt")
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="session")
def polnear_dev(shared_dir: Path) -> Path:
    return _need(shared_dir / "data" / "polnear" / "dev")
