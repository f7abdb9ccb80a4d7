"""The web UI and HTTP API of ``quotetrail serve`` (see docs/web.md).

``create_app(db_path)`` builds the FastAPI application for one store; everything it
shows comes from :mod:`quotetrail.corpus.queries` and :func:`quotetrail.api.extract`.
FastAPI is imported only when this package is, so the rest of quotetrail never pays
for it.
"""

from __future__ import annotations

from quotetrail.web.app import DEFAULT_MAX_BODY, create_app

__all__ = ["DEFAULT_MAX_BODY", "create_app"]
