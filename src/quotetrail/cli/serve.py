"""``quotetrail serve``: the web UI and HTTP API over a store (see docs/web.md).

Thin, like every command: check the options, build the app with
:func:`quotetrail.web.create_app` (which opens the store read-only and fails here, as
one line, if it is not a store), and hand it to Uvicorn.  It binds to 127.0.0.1 unless
told otherwise, because a store may hold text that is not meant for the network; any
other address gets a warning.  Registered on the shared Typer ``app`` by importing this
module at the bottom of :mod:`quotetrail.cli`.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from quotetrail.cli.base import EXIT_FAILED, EXIT_OK, app, error, warning

__all__ = ["serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    db: Annotated[str, typer.Option("--db", metavar="FILE", show_default=False,
                                    help="The SQLite store to serve (opened read-only).")],
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on; only 127.0.0.1 is private to this machine.")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535,
                                      help="Port to listen on (0: any free port).")
                    ] = DEFAULT_PORT,
    max_body: Annotated[int, typer.Option(
        "--max-body", metavar="BYTES", min=1,
        help="Refuse request bodies larger than this with 413.")] = 1_000_000,
) -> None:
    """Serve the web UI and the HTTP API over a store, read-only."""
    import uvicorn

    from quotetrail.web import create_app

    web = create_app(db, max_body=max_body)
    if not _is_loopback(host):
        warning(f"serving on {host}: anyone who can reach this address can read the store")
    try:
        uvicorn.run(web, host=host, port=port, log_level="info", server_header=False,
                    timeout_graceful_shutdown=5)
    except SystemExit as exc:  # Uvicorn exits (status 3) when it cannot bind
        if exc.code not in (0, None):
            error(f"the server could not start on {host}:{port} (see the log above)")
            raise typer.Exit(EXIT_FAILED) from None
    raise typer.Exit(EXIT_OK)
