"""The optional belief kind (engine/kinds.py) through the API and the CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import quotetrail
from quotetrail.cli import app
from quotetrail.engine.kinds import is_belief_cue

TEXT = ("Senator Ada Brisk said the tunnel would open in May. "
        "Brisk believes that the state will pay for the rest.")


def test_belief_cues() -> None:
    assert is_belief_cue("believes", "person")
    assert is_belief_cue("thinks", None)
    assert is_belief_cue("shows", "document")
    assert not is_belief_cue("shows", "person")
    assert not is_belief_cue("said", "person")


def test_beliefs_are_indirect_by_default_and_belief_on_request() -> None:
    plain = quotetrail.extract(TEXT)
    kinds = {a.cue.text: a.kind for a in plain.attributions if a.cue}
    assert kinds.get("said") == "indirect"
    marked = quotetrail.extract(TEXT, beliefs=True)
    marked_kinds = {a.cue.text: a.kind for a in marked.attributions if a.cue}
    assert marked_kinds.get("said") == "indirect"
    assert kinds["believes"] == "indirect"  # found by the learned cue model
    assert marked_kinds["believes"] == "belief"


def test_cli_beliefs_option(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl", "--beliefs"])
    assert out.exit_code == 0
    record = json.loads(out.stdout)
    assert {a["kind"] for a in record["attributions"]} <= {"direct", "mixed", "indirect",
                                                            "belief"}
