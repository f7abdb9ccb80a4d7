"""The progress bar of long commands (``ingest``, ``extract`` on many files), on stderr.

Shown only on a terminal: count, total, percentage, rate and time left, with the total
counted in a background thread (:func:`quotetrail.readers.inventory.count_documents`)
so the run starts at once; until the count is in, the bar pulses and the total reads
``?``.  Off a terminal (a log file, CI) nothing is drawn at all.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from typing import Any

__all__ = ["ArticleProgress"]


class ArticleProgress:
    """A Rich progress bar for documents done out of the documents under ``paths``.

    ``update(done, stored=None)`` is called from the run's thread as results come; the
    counting thread sets the total when it has it.  Lines printed to stderr while the
    bar is up (warnings, errors) appear above it.
    """

    def __init__(self, paths: Sequence[str] | None, label: str, *, show: bool | None = None,
                 stored: bool = False) -> None:
        self.paths = None if paths is None else list(paths)  # None: no total to count
        self.label = label
        self.show = sys.stderr.isatty() if show is None else show
        self.stored = stored
        self.progress: Any = None
        self.task: Any = None
        self._done = threading.Event()
        self._total: int | None = None

    def __enter__(self) -> ArticleProgress:
        if not self.show:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns: list[Any] = [SpinnerColumn(), TextColumn(self.label),
                              BarColumn(bar_width=16), MofNCompleteColumn(),
                              TaskProgressColumn(),
                              TextColumn("{task.fields[rate]:.1f}/s")]
        if self.stored:
            columns.append(TextColumn("{task.fields[stored]:,} stored"))
        columns += [TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn()]
        self.progress = Progress(*columns, console=Console(file=sys.stderr), transient=True,
                                 redirect_stdout=False)
        self.task = self.progress.add_task(self.label, total=None, rate=0.0, stored=0)
        self.progress.start()
        if self.paths is not None:
            threading.Thread(target=self._count, name="quotetrail-count",
                             daemon=True).start()
        return self

    def _count(self) -> None:
        from quotetrail.readers.inventory import count_documents

        try:
            total = count_documents(self.paths or [], stop=self._done.is_set)
        except Exception:  # a count is a nicety: the bar just keeps pulsing
            return
        if total is not None and not self._done.is_set():
            self._total = total
            self.progress.update(self.task, total=max(total, self._completed()))

    def _completed(self) -> float:
        return float(self.progress.tasks[0].completed) if self.progress is not None else 0.0

    def update(self, done: int, *, stored: int = 0) -> None:
        """``done`` documents handled so far (stored, unchanged, failed or skipped)."""
        if self.progress is None:
            return
        elapsed = self.progress.tasks[0].elapsed or 0.0
        fields: dict[str, Any] = {"completed": done, "stored": stored,
                                  "rate": done / elapsed if elapsed > 0 else 0.0}
        if self._total is not None and done > self._total:  # the count ran short
            fields["total"] = done
        self.progress.update(self.task, **fields)

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self.progress is not None:
            self.progress.stop()
