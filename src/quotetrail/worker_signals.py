"""Signals in the worker processes that extraction forks: quiet on Ctrl-C, gone with
the parent.

A terminal's Ctrl-C sends SIGINT to the whole foreground process group.  Left alone,
every worker raises KeyboardInterrupt wherever it is and prints a traceback, while the
parent is already stopping them; so workers ignore SIGINT and leave the interrupt to
the parent, which terminates them (SIGTERM: they die silently).  A parent killed
outright (SIGKILL, the OOM killer) can stop no one; on Linux each worker asks the
kernel to kill it when its parent dies, instead of living on to fail with
BrokenPipeError tracebacks when it next sends a result.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator

__all__ = ["quiet_worker", "sigint_ignored"]

_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def quiet_worker() -> None:
    """Call first thing in a worker process (a pool's initializer)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _die_with_parent()


def _die_with_parent() -> None:
    import ctypes
    import ctypes.util
    import os

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to ask: the parent's terminate() still works
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


@contextlib.contextmanager
def sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while workers are forked, so that they start out ignoring it too
    (a Ctrl-C between ``fork`` and their initializer would otherwise reach Python code
    in them); the caller's handler is back afterwards."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to change here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
