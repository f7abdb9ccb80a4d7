"""``quotetrail eval``: options, formats, exit statuses and one-line messages.

Tests that run quotetrail itself swap in a tiny deterministic engine (they are about
the command, not the engine), except ``test_engine_*``, which loads the real one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import quotetrail.api
from quotetrail.cli import app
from quotetrail.model import Attribution, Span

runner = CliRunner()

TEXT = "“The ferry will run all winter,” said Ines Alvarez. Nobody else spoke.\n"


class QuoteSaidEngine:
    """Finds “…” followed by ``said NAME``; content without the marks, like quotetrail."""

    name = "quote-said 0"
    _pattern = re.compile(r"“([^”]*)”,? (said) ((?:[A-Z][a-z]+ ?)+)")

    def attributions(self, text: str) -> list[Attribution]:
        return [Attribution(kind="direct", content=Span.of(text, m.start(1), m.end(1)),
                            cue=Span.of(text, m.start(2), m.end(2)),
                            source=Span.of(text, m.start(3), m.end(3) - 1))
                for m in self._pattern.finditer(text)]

    def attributions_many(self, texts: list[str]) -> list[list[Attribution]]:
        return [self.attributions(t) for t in texts]


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> QuoteSaidEngine:
    engine = QuoteSaidEngine()
    monkeypatch.setattr(quotetrail.api, "get_engine", lambda spacy_model=None: engine)
    return engine


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    """One article with one direct quote (content with its marks, as PolNeAR has it)."""
    root = tmp_path / "gold"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "coast_2024_ferry.txt").write_text(TEXT, encoding="utf-8")
    end = TEXT.index(",”") + 2
    src = TEXT.index("Ines")
    ann = (f"T1\tContent 0 {end}\t{TEXT[:end]}\n"
           f"T2\tCue {end + 1} {end + 5}\tsaid\n"
           f"T3\tSource {src} {src + 12}\tInes Alvarez\n"
           f"T4\tAttribution {end + 1} {end + 5}\tsaid\n"
           "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n")
    (root / "attributions" / "coast_2024_ferry_an1.ann").write_text(ann, encoding="utf-8")
    return root


def run(*args: str) -> Result:
    return runner.invoke(app, ["eval", *args])


def assert_clean_stderr(result: Result) -> None:
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(("error: ", "warning: ")), line


def test_runs_quotetrail_on_the_texts_when_no_predictions_are_given(
        gold: Path, fake_engine: QuoteSaidEngine) -> None:
    result = run("--gold", str(gold), "--format", "json", "--bootstrap", "0")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    for name in ("ggt@0.3", "ggt@0.8", "iou@0.5"):
        fig = data["regimes"][name]
        assert (fig["tp"], fig["fp"], fig["fn"], fig["speaker_ok"], fig["cue_ok"]) == \
            (1, 0, 0, 1, 1), name
    assert data["n_articles_with_pred"] == 1 and data["unknown_pred_ids"] == []
    assert data["regimes"]["iou@0.5"]["by_publisher"]["coast"]["f1"] == 1.0
    assert result.stderr == ""


def test_table_is_the_default(gold: Path, fake_engine: QuoteSaidEngine) -> None:
    result = run("--gold", str(gold), "--bootstrap", "30", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert "quotetrail (run now)" in result.stdout
    assert "95 % intervals (bootstrap over articles, 30 resamples" in result.stdout
    assert re.search(r"iou@0\.5\s+1\.000\s+1\.000\s+1\.000", result.stdout)


def test_scores_a_predictions_file_and_writes_errors(gold: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "coast_2024_ferry", "attributions": [
        {"kind": "indirect", "content": {"start": 51, "end": 70}, "source": None, "cue": None}]})
        + "\n" + json.dumps({"id": "elsewhere", "attributions": []}) + "\n", encoding="utf-8")
    errors = tmp_path / "out" / "errors.jsonl"
    errors.parent.mkdir()
    result = run("--gold", str(gold), "--pred", str(pred), "--errors", str(errors),
                 "--subset", "all", "-f", "json", "--bootstrap", "10")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["subset"] == "all" and data["unknown_pred_ids"] == ["elsewhere"]
    assert data["regimes"]["ggt@0.3"]["recall"] == 0.0
    assert data["regimes"]["ggt@0.3"]["ci95"]["recall"] == [0.0, 0.0]
    assert result.stderr == ("warning: 1 prediction ids are not in the gold and were ignored "
                             "(first: elsewhere)\n")
    outcomes = [json.loads(line)["outcome"] for line in errors.read_text().splitlines()]
    assert outcomes == ["fn", "fp"] * 3


def test_double_apostrophe_changes_what_is_direct(tmp_path: Path) -> None:
    root = tmp_path / "g"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    text = "He called it ''a disgrace'' on Friday."
    (root / "text" / "nyt_x.txt").write_text(text, encoding="utf-8")
    (root / "attributions" / "nyt_x_a.ann").write_text(
        "T1\tContent 13 27\t''a disgrace''\nT2\tCue 3 9\tcalled\nE1\tAttribution:T2 "
        "Content:T1 Cue:T2\n", encoding="utf-8")
    pred = tmp_path / "p.jsonl"
    pred.write_text('{"id": "nyt_x", "attributions": []}\n', encoding="utf-8")
    base = ["--gold", str(root), "--pred", str(pred), "-f", "json", "--bootstrap", "0"]
    assert json.loads(run(*base).stdout)["n_gold"] == 0
    assert json.loads(run(*base, "--double-apostrophe").stdout)["n_gold"] == 1


def test_a_folder_without_text_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--gold", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "no text/ folder" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("args", [["--subset", "quotes"], ["--bootstrap", "-1"],
                                  ["--format", "csv"], ["--workers", "-2"]])
def test_bad_option_values_are_usage_errors(gold: Path, args: list[str]) -> None:
    result = run("--gold", str(gold), *args)
    assert result.exit_code == 2
    assert_clean_stderr(result)


def test_broken_predictions_fail_in_one_line(gold: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "coast_2024_ferry", "attributions": []}\nnot json\n',
                   encoding="utf-8")
    result = run("--gold", str(gold), "--pred", str(bad))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {bad}:2: not JSON (Expecting value)"
    missing = run("--gold", str(gold), "--pred", str(tmp_path / "none.jsonl"))
    assert missing.exit_code == 1 and missing.stderr.startswith("error: ")


def test_an_undecodable_gold_text_fails_in_one_line(gold: Path) -> None:
    (gold / "text" / "coast_2024_bad.txt").write_bytes(b"caf\xe9 \x81")
    result = run("--gold", str(gold))
    assert result.exit_code == 1
    assert_clean_stderr(result)
    assert "coast_2024_bad.txt: cannot be read as UTF-8 text" in result.stderr


def test_unwritable_errors_file_fails_in_one_line(gold: Path, tmp_path: Path,
                                                  fake_engine: QuoteSaidEngine) -> None:
    result = run("--gold", str(gold), "--errors", str(tmp_path / "no" / "such" / "e.jsonl"),
                 "--bootstrap", "0")
    assert result.exit_code == 1
    assert_clean_stderr(result)
    assert "cannot be written" in result.stderr


def test_many_warnings_are_summarised(gold: Path, tmp_path: Path) -> None:
    pred = tmp_path / "p.jsonl"
    pred.write_text("".join(json.dumps({"id": "coast_2024_ferry",
                                        "attributions": [{"content": None}]}) + "\n"
                            for _ in range(30)), encoding="utf-8")
    result = run("--gold", str(gold), "--pred", str(pred), "--bootstrap", "0")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 21 and lines[-1].startswith("warning: ")
    assert "more warnings" in lines[-1]


def test_engine_finds_the_quote_of_a_tiny_gold_folder(gold: Path) -> None:
    """The real engine, in process, through the command (loads spaCy once per session)."""
    result = run("--gold", str(gold), "--format", "json", "--bootstrap", "0")
    assert result.exit_code == 0, result.stderr
    fig = json.loads(result.stdout)["regimes"]["ggt@0.3"]
    assert fig["tp"] == 1 and fig["speaker_ok"] == 1
