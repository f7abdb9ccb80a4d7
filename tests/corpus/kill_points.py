"""A process that SIGKILLs itself at the Nth call of a function: the kill-point drivers'
one tool (ingest_kill_driver.py, reextract_kill_driver.py)."""

from __future__ import annotations

import os
import signal
from typing import Any


def die() -> None:
    """End this process the way a crash or ``kill -9`` does: no clean-up at all."""
    os.kill(os.getpid(), signal.SIGKILL)


class KillAt:
    """Counts the calls of every function it wraps; the ``target``-th call kills."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.calls = 0

    def wrap(self, original: Any, after: bool = False) -> Any:
        """``original``, killing the process before (or ``after``) the target call."""
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self.target and not after:
                die()
            result = original(*args, **kwargs)
            if self.calls == self.target and after:
                die()
            return result
        return wrapper
