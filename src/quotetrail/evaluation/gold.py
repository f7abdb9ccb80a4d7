"""Gold attributions: brat standoff files of a PolNeAR-format folder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from quotetrail.evaluation.spans import (
    DOUBLE_APOSTROPHE,
    QUOTATION_MARKS,
    GoldFolderError,
    GoldReadError,
    Offsets,
)

# -- gold -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution, its roles already reduced to single spans."""

    eid: str
    content: Offsets
    source: Offsets | None
    cue: Offsets | None
    direct: bool


@dataclass(slots=True)
class GoldArticle:
    """An article text and its reference annotation (none if no .ann file exists)."""

    id: str
    text: str
    ann_file: str | None = None
    attributions: list[GoldAttribution] = field(default_factory=list)
    skipped_events: int = 0

    @property
    def publisher(self) -> str:
        return publisher_of(self.id)


@dataclass(slots=True)
class GoldSet:
    """A whole PolNeAR-format folder, read once and scored in any number of ways."""

    folder: str
    articles: dict[str, GoldArticle]
    double_apostrophe: bool = False

    def stats(self) -> dict[str, int]:
        """The reference scorer's ``corpus`` block: what the figures were computed on."""
        golds = [g for a in self.articles.values() for g in a.attributions]
        return {
            "articles": len(self.articles),
            "articles_without_ann": sum(a.ann_file is None for a in self.articles.values()),
            "words": sum(len(a.text.split()) for a in self.articles.values()),
            "chars": sum(len(a.text) for a in self.articles.values()),
            "gold_all": len(golds),
            "gold_direct": sum(g.direct for g in golds),
            "gold_with_source": sum(g.source is not None for g in golds),
            "events_skipped_no_content": sum(a.skipped_events for a in self.articles.values()),
        }


def publisher_of(article_id: str) -> str:
    """PolNeAR names files ``publisher_date_slug``: the part before the first ``_``."""
    return article_id.split("_", 1)[0]


# A text-bound line: id, type, one or more ``start end`` fragments (then the span text).
_TEXTBOUND = re.compile(r"(T\d+)\t\S+ (\d+ \d+(?:;\d+ \d+)*)")
# An event line: id, then ``Type:Trigger`` (the trigger copies the cue), then the roles.
_EVENT = re.compile(r"(E\d+)\t\S+(.*)")
_ROLES = ("Content", "Source", "Cue")


def _envelope(fragments: list[Offsets]) -> Offsets | None:
    if not fragments:
        return None
    return (min(s for s, _ in fragments), max(e for _, e in fragments))


def parse_ann(ann: str, text: str, double_apostrophe: bool = False
              ) -> tuple[list[GoldAttribution], int]:
    """Gold attributions of one brat file, in content order, and how many events had no content.

    Only ``T`` and ``E`` lines matter; notes, relations and the continuation lines of
    a span text holding a line break are ignored.  Events may name text-bound spans
    defined further down, so all spans are read first.
    """
    spans: dict[str, list[Offsets]] = {}
    events: list[tuple[str, str]] = []
    for line in ann.splitlines():
        if m := _TEXTBOUND.match(line):
            spans[m.group(1)] = [(int(a), int(b)) for a, b in
                                 (frag.split() for frag in m.group(2).split(";"))]
        elif m := _EVENT.match(line):
            events.append((m.group(1), m.group(2)))
    marks = (*QUOTATION_MARKS, DOUBLE_APOSTROPHE) if double_apostrophe else QUOTATION_MARKS
    found: list[GoldAttribution] = []
    skipped = 0
    for eid, roles in events:
        frags: dict[str, list[Offsets]] = {role: [] for role in _ROLES}
        for token in roles.split():
            role, _, ref = token.partition(":")
            role = role.rstrip("0123456789")  # Content2 is more of the Content
            if ref and role in frags and ref in spans:
                frags[role].extend(spans[ref])
        content = _envelope(frags["Content"])
        if content is None:
            skipped += 1
            continue
        # Fragments are joined with a space so that a mark never forms across a gap.
        content_text = " ".join(text[s:e] for s, e in frags["Content"])
        found.append(GoldAttribution(
            eid=eid, content=content, source=_envelope(frags["Source"]),
            cue=_envelope(frags["Cue"]), direct=any(m in content_text for m in marks)))
    found.sort(key=lambda g: g.content)
    return found, skipped


def load_gold(folder: str | Path, double_apostrophe: bool = False) -> GoldSet:
    """Read ``folder/text/*.txt`` and, for each, its first ``attributions/*.ann`` file."""
    root = Path(folder)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir():
        raise GoldFolderError(f"{root}: no text/ folder (expected PolNeAR format: "
                              "text/NAME.txt and attributions/NAME_ANNOTATOR.ann)")
    ann_files: dict[str, list[str]] = {}
    if ann_dir.is_dir():
        for path in ann_dir.iterdir():
            if path.name.endswith(".ann") and "_" in path.name:
                stem = path.name.removesuffix(".ann").rsplit("_", 1)[0]
                ann_files.setdefault(stem, []).append(path.name)
    articles: dict[str, GoldArticle] = {}
    for name in sorted(p.name for p in text_dir.iterdir() if p.name.endswith(".txt")):
        stem = name.removesuffix(".txt")
        text = _read_exact(text_dir / name)
        article = GoldArticle(id=stem, text=text)
        if ann_files.get(stem):
            article.ann_file = min(ann_files[stem])
            ann = _read_exact(ann_dir / article.ann_file)
            article.attributions, article.skipped_events = parse_ann(ann, text,
                                                                     double_apostrophe)
        articles[stem] = article
    return GoldSet(folder=str(root), articles=articles, double_apostrophe=double_apostrophe)


def _read_exact(path: Path) -> str:
    """UTF-8 without newline translation: brat offsets count every character."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldReadError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
