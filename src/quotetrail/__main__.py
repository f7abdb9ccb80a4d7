"""The ``quotetrail`` console script (and ``python -m quotetrail``): the command line,
with Ctrl-C handled from the first instant.

The command line's modules take a moment to import; a Ctrl-C in that moment would
otherwise end in a KeyboardInterrupt traceback from deep in an import.  This module
imports nothing heavy itself, so the handler is in place before anything else loads.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def main() -> None:
    """Console-script entry point (``quotetrail``)."""
    try:
        from quotetrail.cli import main as run
    except KeyboardInterrupt:
        print(file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    run()


if __name__ == "__main__":  # python -m quotetrail
    main()
