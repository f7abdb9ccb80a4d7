"""``quotetrail serve``: the web UI and HTTP API over a store (see docs/web.md).

Thin, like every command: check the options, build the app with
:func:`quotetrail.web.create_app` (which opens the store read-only and fails here, as
one line, if it is not a store), and hand it to Uvicorn.  It binds to 127.0.0.1 unless
told otherwise, because a store may hold text that is not meant for the network; any
other address gets a warning.  Registered on the shared Typer ``app`` by importing this
module at the bottom of :mod:`quotetrail.cli`.

Stopping: SIGTERM (a service manager, ``kill``) and SIGINT (Ctrl-C) both stop the
server gracefully -- no new connections, new extractions 503, extractions in flight get
``GRACEFUL_SECONDS``, then the workers are killed and those requests answered 503 --
and the exit status is 0, as for any server asked to stop (Uvicorn's own habit of
raising the signal again afterwards, so that the process dies *by* it, is what made
``kill`` look like a crash).  The pool is drained by the signal, not by Uvicorn's
shutdown: Uvicorn would cancel a request still waiting for its worker, and log the
cancellation as a traceback.  A second Ctrl-C forces the exit, still with status 0.
"""

from __future__ import annotations

import contextlib
import ipaddress
import signal
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from quotetrail.cli.base import EXIT_FAILED, EXIT_OK, app, error, warning

if TYPE_CHECKING:
    from types import FrameType

    import uvicorn

    from quotetrail.web.extraction_pool import ExtractionPool

__all__ = ["serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Seconds that requests in flight get to finish once the server is asked to stop.
GRACEFUL_SECONDS = 5
#: Uvicorn's own limit comes later: by then the pool has answered every request.
_UVICORN_GRACE = GRACEFUL_SECONDS + 5


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _server(config: uvicorn.Config, pool: ExtractionPool) -> uvicorn.Server:
    """Uvicorn's server, except that the signal that stopped it is not raised again,
    and that it starts draining ``pool`` (in a thread: a signal handler must not block)."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            first = not self.should_exit
            super().handle_exit(sig, frame)
            if first:
                threading.Thread(target=pool.close, args=(GRACEFUL_SECONDS,),
                                 name="quotetrail-drain", daemon=True).start()

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            stops = (signal.SIGINT, signal.SIGTERM)
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in stops}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    return Server(config)


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
    extract_workers: Annotated[int | None, typer.Option(
        "--extract-workers", metavar="N", min=1, show_default=False,
        help="Worker processes for /extract and POST /api/extract, each holding the spaCy "
             "pipeline (a few hundred MB) [default: one per core, at most 2].")] = None,
    extract_queue: Annotated[int, typer.Option(
        "--extract-queue", metavar="N", min=0,
        help="Extraction requests that may wait for a free worker; beyond that 503 with "
             "Retry-After.")] = 4,
    extract_timeout: Annotated[float, typer.Option(
        "--extract-timeout", metavar="SECONDS", min=0.001,
        help="Time limit of one extraction request, waiting included; past it 504, and "
             "its worker is killed and replaced.")] = 120.0,
) -> None:
    """Serve the web UI and the HTTP API over a store, read-only.

    SIGTERM and Ctrl-C stop it gracefully, with exit status 0.
    """
    import uvicorn

    from quotetrail.web import create_app
    from quotetrail.web.extraction_pool import ExtractionPool

    pool = ExtractionPool(extract_workers, extract_queue, extract_timeout)
    web = create_app(db, max_body=max_body, extractor=pool)
    if not _is_loopback(host):
        warning(f"serving on {host}: anyone who can reach this address can read the store")
    config = uvicorn.Config(web, host=host, port=port, log_level="info", server_header=False,
                            timeout_graceful_shutdown=_UVICORN_GRACE)
    server = _server(config, pool)
    try:
        server.run()
        started = server.started
    except SystemExit as exc:  # Uvicorn exits when it cannot bind
        started = exc.code in (0, None)
    finally:
        pool.close()  # the app's shutdown closed it already, unless it never started
    if not started:
        error(f"the server could not start on {host}:{port} (see the log above)")
        raise typer.Exit(EXIT_FAILED)
    raise typer.Exit(EXIT_OK)
