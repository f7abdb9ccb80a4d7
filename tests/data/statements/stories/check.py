"""Check the statement-clustering stories and their labels (expected.json).

    python tests/data/statements/stories/check.py
    python tests/data/statements/stories/check.py --extracted out/*.jsonl

The first form checks the labels: article ids unique, every wording an exact substring of
its article at its ``start``, every root a substring of some article, statement ids unique
across stories, ``must_not_join`` ids known, ``first`` the earliest dated occurrence and
unambiguous (no date-only or undated article could be earlier), and the dates varied as the
corpus promises (offsets that string order gets wrong, date-only and undated articles). It
prints counts per form and exits 1 on any problem.

With ``--extracted`` (the output of ``quotetrail extract STORY.jsonl --format jsonl``) it
also reports, per occurrence, whether an attribution holds it as a wording (a direct or
indirect attribution's content, a mixed attribution's fragments): ``exact`` (the same words,
give or take punctuation), ``inside`` (inside a longer wording), ``content-only`` (only inside
a mixed attribution's content, not in any of its fragments) or ``missed``; and whether that
attribution's speaker is the one the article credits. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMS = ("full", "truncated", "fragment", "reworded", "requote")
# Date-only articles are read as local dates in the offsets this corpus uses (-05:00 to
# +01:00): a day D can start as early as (D-1)T23:00Z.
EARLIEST_OFFSET = timedelta(hours=1)


def load_articles(story_file: Path) -> list[dict]:
    with story_file.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def when(published: str | None) -> tuple[str, datetime | None]:
    """('time', UTC datetime) | ('date', earliest possible UTC moment) | ('none', None)."""
    if published is None:
        return "none", None
    if len(published) == 10:
        day = datetime.fromisoformat(published).replace(tzinfo=UTC)
        return "date", day - EARLIEST_OFFSET
    parsed = datetime.fromisoformat(published)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without offset: {published}")
    return "time", parsed.astimezone(UTC)


def check_labels(expected: dict) -> tuple[list[str], dict[str, dict], Counter]:
    problems: list[str] = []
    articles: dict[str, dict] = {}
    forms: Counter = Counter()
    statement_ids: set[str] = set()
    pairs: list[tuple[str, str, str]] = []
    string_order_wrong = 0
    for story, spec in expected["stories"].items():
        arts = load_articles(HERE / spec["file"])
        kinds = Counter()
        outlets = {a["outlet"] for a in arts}
        if len(outlets) < 6:
            problems.append(f"{story}: only {len(outlets)} outlets")
        for a in arts:
            missing = {"id", "url", "outlet", "published", "title", "text"} - a.keys()
            if missing:
                problems.append(f"{story}: {a.get('id')}: missing {sorted(missing)}")
            if a["id"] in articles:
                problems.append(f"duplicate article id {a['id']}")
            a["_story"] = story
            articles[a["id"]] = a
            kinds[when(a["published"])[0]] += 1
        if not kinds["date"] or not kinds["none"]:
            problems.append(f"{story}: needs a date-only and an undated article ({dict(kinds)})")
        for st in spec["statements"]:
            sid = st["statement"]
            if sid in statement_ids:
                problems.append(f"duplicate statement id {sid}")
            statement_ids.add(sid)
            occs = st["occurrences"]
            if not any(
                st["root"] in articles[o["article"]]["text"]
                for o in occs
                if o["article"] in articles
            ):
                problems.append(f"{sid}: root is not in any of its articles")
            for o in occs:
                art = articles.get(o["article"])
                if art is None or art["_story"] != story:
                    problems.append(f"{sid}: unknown article {o['article']}")
                    continue
                text, w, start = art["text"], o["wording"], o.get("start")
                if w not in text:
                    problems.append(f"{sid} {o['article']}: wording not in text: {w!r}")
                elif start is not None and text[start : start + len(w)] != w:
                    problems.append(f"{sid} {o['article']}: wording not at start {start}")
                if o["form"] not in FORMS:
                    problems.append(f"{sid} {o['article']}: unknown form {o['form']}")
                if (o["form"] == "requote") != bool(o.get("requoted_by")):
                    problems.append(f"{sid} {o['article']}: requote needs requoted_by, and only it")
                forms[o["form"]] += 1
            # first: the earliest timestamped occurrence; nothing date-only may be earlier.
            timed = [(when(articles[o["article"]]["published"]), o["article"]) for o in occs]
            stamped = sorted((t, a) for (k, t), a in timed if k == "time")
            first = stamped[0][1] if stamped else None
            if st["first"] != first:
                problems.append(f"{sid}: first is {st['first']}, expected {first}")
            if stamped:
                t0 = stamped[0][0]
                for (k, t), a in timed:
                    if k == "date" and t <= t0:
                        problems.append(f"{sid}: date-only {a} could precede first {first}")
                by_string = min(
                    (articles[a]["published"], a) for (k, _), a in timed if k == "time"
                )[1]
                if by_string != first:
                    string_order_wrong += 1
        for a, b in spec["must_not_join"]:
            pairs.append((story, a, b))
    for story, a, b in pairs:
        for sid in (a, b):
            if sid not in statement_ids:
                problems.append(f"{story}: must_not_join names unknown statement {sid}")
    if not string_order_wrong:
        problems.append("no statement whose first article ordering by string gets wrong")
    forms["_string_order_wrong"] = string_order_wrong
    return problems, articles, forms


_PUNCT = re.compile(r"[\W_]+")


def _norm(s: str) -> str:
    return _PUNCT.sub(" ", s.replace("’", "'").lower()).strip()


def _wordings(att: dict) -> list[tuple[int, int]]:
    if att["kind"] == "mixed":
        return [(f["start"], f["end"]) for f in att["fragments"]]
    return [(att["content"]["start"], att["content"]["end"])]


def coverage(expected: dict, articles: dict[str, dict], paths: list[str]) -> int:
    records = {}
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    records[r["id"]] = r
    outcome: Counter = Counter()
    by_form: dict[str, Counter] = {f: Counter() for f in FORMS}
    speaker_ok: Counter = Counter()
    lines = []
    for spec in expected["stories"].values():
        for st in spec["statements"]:
            for o in st["occurrences"]:
                r = records.get(o["article"])
                if r is None:
                    continue
                s, e = o["start"], o["start"] + len(o["wording"])
                best, best_att = "missed", None
                for att in r["attributions"]:
                    for ws, we in _wordings(att):
                        overlap = max(0, min(e, we) - max(s, ws))
                        if overlap < 0.9 * (e - s) and _norm(r["text"][ws:we]) != _norm(
                            o["wording"]
                        ):
                            continue
                        if _norm(r["text"][ws:we]) == _norm(o["wording"]):
                            best, best_att = "exact", att
                        elif best != "exact":
                            best, best_att = "inside", att
                    c = att["content"]
                    if (
                        best == "missed"
                        and att["kind"] == "mixed"
                        and c["start"] <= s
                        and e <= c["end"]
                    ):
                        best, best_att = "content-only", att
                outcome[best] += 1
                by_form[o["form"]][best] += 1
                verdict = ""
                if best_att is not None:
                    want = o["requoted_by"] if o["form"] == "requote" else o["speaker_as_credited"]
                    got = best_att.get("speaker")
                    if want is None:
                        ok = got is None
                    else:
                        ok = (
                            got is not None
                            and _norm(want.split("(")[0]).split()[-1] in _norm(got).split()
                        )
                    speaker_ok["right" if ok else "wrong"] += 1
                    verdict = f"speaker {got!r} ({'ok' if ok else 'want ' + repr(want)})"
                lines.append(
                    f"  {best:12} {o['form']:9} {st['statement']:34} {o['article']:32} {verdict}"
                )
    print("extraction coverage (occurrences held as a wording):")
    print("\n".join(lines))
    total = sum(outcome.values())
    print(f"total {total}: " + ", ".join(f"{k} {v}" for k, v in outcome.most_common()))
    for f in FORMS:
        print(f"  {f:9} " + ", ".join(f"{k} {v}" for k, v in by_form[f].most_common()))
    print(
        "speaker of the attribution found: " + ", ".join(f"{k} {v}" for k, v in speaker_ok.items())
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--expected", default=str(HERE / "expected.json"))
    ap.add_argument("--extracted", nargs="*", default=[], help="quotetrail extract JSONL output")
    args = ap.parse_args(argv)
    expected = json.loads(Path(args.expected).read_text(encoding="utf-8"))
    problems, articles, forms = check_labels(expected)
    n_st = sum(len(s["statements"]) for s in expected["stories"].values())
    print(
        f"stories {len(expected['stories'])}, articles {len(articles)}, statements {n_st}, "
        f"occurrences {sum(forms[f] for f in FORMS)}"
    )
    print("per form: " + ", ".join(f"{f} {forms[f]}" for f in FORMS))
    print(f"statements whose first article string order gets wrong: {forms['_string_order_wrong']}")
    for p in problems:
        print("PROBLEM:", p)
    if args.extracted:
        coverage(expected, articles, args.extracted)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
