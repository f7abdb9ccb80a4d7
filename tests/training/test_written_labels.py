"""The team's own labelled texts (training data of the speaker ranker) are consistent:
every labelled span is exactly the text at its offsets, inside its article, and every
label names a text that exists.  A label that drifted from its text would teach the
ranker the wrong mention silently."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

DATA = Path(str(resources.files("quotetrail.training").joinpath("data")))
LABELS = [json.loads(line) for line in
          (DATA / "texts_labels.jsonl").read_text(encoding="utf-8").splitlines() if line]
SPAN_KEYS = ("content", "cue", "source", "addressee", "venue")


def test_there_are_labels_for_every_text() -> None:
    texts = {p.stem for p in (DATA / "texts").glob("*.txt")}
    labelled = {lab["article"] for lab in LABELS}
    assert labelled == texts
    assert len(LABELS) >= 150


@pytest.mark.parametrize("stem", sorted({lab["article"] for lab in LABELS}))
def test_every_span_is_the_text_at_its_offsets(stem: str) -> None:
    text = (DATA / "texts" / f"{stem}.txt").read_text(encoding="utf-8")
    for lab in (x for x in LABELS if x["article"] == stem):
        spans = [lab[k] for k in SPAN_KEYS if lab.get(k)] + list(lab.get("fragments") or [])
        for span in spans:
            assert 0 <= span["start"] < span["end"] <= len(text), span
            assert text[span["start"]:span["end"]] == span["text"], (stem, span)
        for fragment in lab.get("fragments") or []:
            assert lab["content"]["start"] <= fragment["start"] < fragment["end"] <= \
                lab["content"]["end"], (stem, fragment)
        assert lab["speaker_type"] in ("person", "organisation", "group", "document",
                                       "unnamed", None)
        if lab["speaker"] is not None:
            assert lab["speaker"] in lab["speakers"] or " and " in lab["speaker"]
