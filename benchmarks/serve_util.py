"""Start ``quotetrail serve`` for a benchmark: shared by screenshots.py and web_load.py."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``quotetrail serve --port 0`` on 127.0.0.1; returns the process and its URL."""
    out = open(log, "wb")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen([sys.executable, "-c", "from quotetrail.cli import main; main()",
                             "serve", "--db", str(db), "--port", "0"],
                            stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)",
                          log.read_text(errors="replace"))
        if found:
            return proc, found.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit(f"quotetrail serve did not start: {log.read_text(errors='replace')}")
