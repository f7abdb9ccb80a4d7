"""Shared by the training tests: write a tiny PolNeAR-format folder from plain roles."""

from __future__ import annotations

from pathlib import Path

Role = tuple[str, str, str]  # source, cue, content: each a substring of the text


def ann(text: str, source: str, cue: str, content: str, n: int) -> str:
    """The brat lines of attribution number ``n`` (its spans found by substring)."""
    def span(s: str) -> tuple[int, int]:
        i = text.index(s)
        return i, i + len(s)

    (sa, sb), (ca, cb), (ta, tb) = span(source), span(cue), span(content)
    k = 4 * n
    return (f"T{k+1}\tSource {sa} {sb}\t{source}\nT{k+2}\tCue {ca} {cb}\t{cue}\n"
            f"T{k+3}\tContent {ta} {tb}\t{content}\nT{k+4}\tAttribution {ca} {cb}\t{cue}\n"
            f"E{n+1}\tAttribution:T{k+4} Content:T{k+3} Cue:T{k+2} Source:T{k+1}\n")


def write_corpus(root: Path, articles: dict[str, tuple[str, list[Role]]]) -> Path:
    """``root/train/{text,attributions}`` for ``articles`` (name: (text, roles)); returns
    ``root``, the folder ``quotetrail train --polnear`` takes."""
    train = root / "train"
    (train / "text").mkdir(parents=True)
    (train / "attributions").mkdir()
    for name, (text, roles) in articles.items():
        (train / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines = "".join(ann(text, *r, n) for n, r in enumerate(roles))
        (train / "attributions" / f"{name}_x.ann").write_text(lines, encoding="utf-8")
    return root
