"""Every command and option of the CLI is documented, and so is every error code.

Options are what scripts depend on; an option nobody documented is an option nobody
can rely on.  This test reads the commands from the Typer app itself, so adding a
command or an option without documenting it in ``README.md`` or ``docs/cli.md`` fails.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from quotetrail import errors
from quotetrail.cli import app
from quotetrail.cli.present import OutputFormat
from quotetrail.model import ErrorRecord

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = (ROOT / "README.md", ROOT / "docs" / "cli.md")


def docs_text() -> str:
    found = [p.read_text(encoding="utf-8") for p in DOC_FILES if p.exists()]
    assert found, f"none of {[str(p) for p in DOC_FILES]} exists"
    return "\n".join(found)


def cli_md() -> str:
    return (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def mentioned(token: str, text: str) -> bool:
    """``token`` appears as a whole option/word (``--max-chars`` is not ``--max``)."""
    return re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", text) is not None


def commands() -> dict[str, Any]:
    group = typer.main.get_command(app)
    found: dict[str, Any] = getattr(group, "commands", {})
    assert found, "the app registers no commands"
    return found


def option_names(command: Any) -> list[str]:
    return [opt for param in command.params if getattr(param, "param_type_name", "") == "option"
            for opt in (*param.opts, *param.secondary_opts)]


def test_every_command_is_documented() -> None:
    text = docs_text()
    missing = [name for name in commands() if not re.search(rf"quotetrail {name}\b", text)]
    assert not missing, f"commands not documented in README.md or docs/cli.md: {missing}"


def test_every_option_is_documented() -> None:
    text = docs_text()
    missing = [f"{name} {opt}" for name, command in commands().items()
               for opt in option_names(command) if not mentioned(opt, text)]
    top = typer.main.get_command(app)
    missing += [f"quotetrail {opt}" for opt in option_names(top) if not mentioned(opt, text)]
    assert not missing, f"options not documented in README.md or docs/cli.md: {missing}"


def test_the_check_itself_notices_an_undocumented_option() -> None:
    assert mentioned("--max-chars", "use `--max-chars N`")
    assert not mentioned("--max", "use `--max-chars N`")
    assert not mentioned("--workers", "no such thing here")


def error_codes() -> dict[str, str]:
    """Every code the errors module can produce, found by calling its record builders."""
    dummies: dict[str, object] = {"str": "x", "int": 1, "object": None, "int | None": None}
    codes: dict[str, str] = {}
    for name, fn in inspect.getmembers(errors, inspect.isfunction):
        if fn.__module__ != errors.__name__:
            continue
        params = inspect.signature(fn).parameters.values()
        record = fn(*(dummies[str(p.annotation)] for p in params))
        if isinstance(record, ErrorRecord):
            codes[record.code] = name
    return codes


def test_every_error_code_is_documented() -> None:
    text = cli_md()
    codes = error_codes()
    assert {"binary", "undecodable", "too_large", "unreadable", "bad_record"} <= set(codes)
    missing = [code for code in codes if f"`{code}`" not in text]
    assert not missing, f"error codes not documented in docs/cli.md: {missing}"


@pytest.mark.parametrize("fmt", [f.value for f in OutputFormat])
def test_every_format_is_documented(fmt: str) -> None:
    assert f"`{fmt}`" in cli_md()


def test_exit_statuses_are_documented() -> None:
    text = cli_md()
    for status in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert status in text
