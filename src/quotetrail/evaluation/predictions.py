"""Predictions: contract records read back, or produced by quotetrail itself."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotetrail.evaluation.gold import GoldSet
from quotetrail.evaluation.spans import Offsets, PredictionsError
from quotetrail.model import ArticleResult

# -- predictions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted attribution, reduced to what is scored (plus its kind, for breakdowns)."""

    content: Offsets
    source: Offsets | None = None
    cue: Offsets | None = None
    kind: str | None = None


@dataclass(slots=True)
class PredictionSet:
    """Predictions by article id, in file order (the order breaks matching ties)."""

    by_id: dict[str, list[Prediction]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _offsets(value: Any) -> Offsets:
    """``{"start", "end"}`` as ints; raises ValueError on anything else."""
    try:
        return int(value["start"]), int(value["end"])
    except (TypeError, KeyError, ValueError, OverflowError) as exc:
        raise ValueError(f"bad span {value!r}") from exc


def _prediction(record: Any, where: str, warnings: list[str]) -> Prediction | None:
    """One attribution of a predictions line; a bad source or cue is dropped, not the whole."""
    if not isinstance(record, dict):
        warnings.append(f"{where}: attribution is not an object; skipped")
        return None
    try:
        content = _offsets(record.get("content"))
    except ValueError:
        warnings.append(f"{where}: attribution without a valid content span; skipped")
        return None
    roles: dict[str, Offsets | None] = {}
    for role in ("source", "cue"):
        value = record.get(role)
        try:
            roles[role] = None if value is None else _offsets(value)
        except ValueError as exc:
            warnings.append(f"{where}: {role}: {exc}; read as absent")
            roles[role] = None
    kind = record.get("kind")
    return Prediction(content=content, source=roles["source"], cue=roles["cue"],
                      kind=kind if isinstance(kind, str) else None)


def parse_predictions(lines: Iterable[str], origin: str = "predictions") -> PredictionSet:
    """Predictions from JSON lines; a repeated id adds to that article's predictions."""
    found = PredictionSet()
    for lineno, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        where = f"{origin}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PredictionsError(f"{where}: not JSON ({exc.msg})") from None
        aid = record.get("id") if isinstance(record, dict) else None
        if not isinstance(aid, str):
            found.warnings.append(f"{where}: no string id; line skipped")
            continue
        if aid in found.by_id:
            found.warnings.append(f"{where}: id {aid} repeated; attributions appended")
        preds = found.by_id.setdefault(aid, [])
        for att in record.get("attributions") or []:
            pred = _prediction(att, where, found.warnings)
            if pred is not None:
                preds.append(pred)
    return found


def read_predictions(path: str | Path) -> PredictionSet:
    """Predictions from a JSONL file (contract records, or the reference scorer's input)."""
    try:
        with open(path, encoding="utf-8") as f:
            return parse_predictions(f, origin=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise PredictionsError(f"{path}: cannot be read ({exc})") from None


def predictions_from_results(results: Iterable[ArticleResult]) -> PredictionSet:
    """Predictions straight from quotetrail's results, as if written and read back as JSONL."""
    found = PredictionSet()
    for result in results:
        preds = found.by_id.setdefault(result.id, [])
        for a in result.attributions:
            preds.append(Prediction(
                content=(a.content.start, a.content.end),
                source=(a.source.start, a.source.end) if a.source else None,
                cue=(a.cue.start, a.cue.end) if a.cue else None,
                kind=a.kind))
    return found


def predict_with_quotetrail(gold: GoldSet, *, workers: int = 1, spacy_model: str | None = None
                            ) -> tuple[PredictionSet, list[str]]:
    """Run quotetrail on the gold texts (ids are the file stems); returns predictions and
    one message per document that failed, whose predictions are then empty.

    The texts are the ones the gold offsets index, read exactly once, so there is no
    second reading that could translate newlines differently.
    """
    from quotetrail.api import extract_documents  # deferred: scoring a file needs no spaCy
    from quotetrail.model import Document

    text_dir = Path(gold.folder) / "text"
    docs = (Document(id=a.id, text=a.text, location=str(text_dir / f"{a.id}.txt"))
            for a in gold.articles.values())
    failures: list[str] = []

    def note_failures(results: Iterable[ArticleResult]) -> Iterator[ArticleResult]:
        for result in results:
            failures.extend(err.message for err in result.errors)
            yield result

    preds = predictions_from_results(note_failures(
        extract_documents(docs, workers=workers, spacy_model=spacy_model)))
    return preds, failures


def merge_pieces(by_id: Mapping[str, list[Prediction]]) -> dict[str, list[Prediction]]:
    """Merge the pieces of split quotations: predictions sharing one cue and one source.

    ``"X," said Y. "Z."`` is one gold attribution spanning both pieces; the contract
    reports two, with the same cue.  The merged prediction keeps the first piece's
    place (ties go to the earliest) and kind.  Predictions without a cue are kept as is.
    """
    merged: dict[str, list[Prediction]] = {}
    for aid, preds in by_id.items():
        out: list[Prediction] = []
        slot: dict[tuple[Offsets, Offsets | None], int] = {}
        for p in preds:
            if p.cue is None:
                out.append(p)
                continue
            key = (p.cue, p.source)
            if key not in slot:
                slot[key] = len(out)
                out.append(p)
                continue
            first = out[slot[key]]
            out[slot[key]] = Prediction(
                content=(min(first.content[0], p.content[0]), max(first.content[1], p.content[1])),
                source=first.source, cue=first.cue, kind=first.kind)
        merged[aid] = out
    return merged
