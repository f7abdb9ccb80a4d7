"""The HTML and SVG builders: highlighting from offsets, escaping, diffs, charts.

The property test is the heart: for any text (markup included) and any spans, the
highlighted HTML, with its tags removed and entities decoded, is the text again --
nothing lost, nothing doubled, nothing interpreted -- and every ``<`` of the text
arrives escaped.
"""

from __future__ import annotations

import html
import itertools
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotetrail.web import render

ANCHOR = re.compile(r'<a class="anchor[^"]*" id="att-\d+" href="#item-\d+" title="[^"]*">\d+</a>')
TAG = re.compile(r"</?(?:span|a)\b[^>]*>")


def plain(marked: str) -> str:
    """The text a reader sees, without the numbered anchors."""
    return html.unescape(TAG.sub("", ANCHOR.sub("", marked)))


def att(text: str, content: tuple[int, int], *, cue: tuple[int, int] | None = None,
        source: tuple[int, int] | None = None, speaker: str | None = "A",
        kind: str = "direct", fragments: tuple[tuple[int, int], ...] = ()) -> dict[str, Any]:
    def span(se: tuple[int, int] | None) -> dict[str, Any] | None:
        return {"start": se[0], "end": se[1], "text": text[se[0]:se[1]]} if se else None

    return {"kind": kind, "content": span(content), "cue": span(cue), "source": span(source),
            "fragments": [span(f) for f in fragments], "speaker": speaker,
            "speaker_id": speaker.lower() if speaker else None}


def test_roles_speakers_and_anchors_are_marked() -> None:
    text = "“We will win,” said Ann Lee. “No,” Bo Ray said."
    atts = [att(text, (1, 12), cue=(15, 19), source=(20, 27), speaker="Ann Lee"),
            att(text, (30, 32), cue=(42, 46), source=(35, 41), speaker="Bo Ray")]
    out = render.highlight(text, atts)
    assert out.colours == [0, 1]
    s = str(out.html)
    assert '<span class="hl r-content sp-0 k-direct" data-att="1"' in s
    assert 'class="hl r-cue sp-0 k-direct" data-att="1"' in s
    assert 'class="hl r-source sp-1 k-direct" data-att="2"' in s
    assert s.count('id="att-1"') == 1 and s.count('id="att-2"') == 1
    assert plain(s) == text


def test_shared_cue_belongs_to_both_pieces() -> None:
    text = "“A,” said Kim. “B.”"
    atts = [att(text, (1, 2), cue=(5, 9), source=(10, 13)),
            att(text, (16, 18), cue=(5, 9), source=(10, 13))]
    s = str(render.highlight(text, atts).html)
    assert 'data-att="1 2" title="direct · A · cue">said<' in s


def test_mixed_content_marks_its_fragments() -> None:
    text = "She said the plan was “a disaster” for all."
    atts = [att(text, (9, 42), cue=(4, 8), kind="mixed", fragments=((23, 33),))]
    s = str(render.highlight(text, atts).html)
    assert 'class="hl r-fragment sp-0 k-mixed" data-att="1" title="mixed · A · fragment">' \
           'a disaster<' in s
    assert plain(s) == text


def test_markup_in_text_and_names_is_escaped() -> None:
    text = "“<script>alert(1)</script>” said <img src=x onerror=alert(2)>."
    atts = [att(text, (1, 26), source=(33, 61), speaker='<b onmouseover="x()">')]
    s = str(render.highlight(text, atts).html)
    assert "<script" not in s and "<img" not in s and "<b " not in s
    assert "&lt;script&gt;" in s and "&lt;img src=x onerror=alert(2)&gt;" in s
    assert plain(s) == text


def test_bad_offsets_are_ignored_not_fatal() -> None:
    text = "short"
    atts = [att(text, (3, 99)), {"kind": "direct", "content": {"start": 4, "end": 2}},
            {"kind": "direct", "content": None}]
    s = str(render.highlight(text, atts).html)
    assert plain(s) == text


spans = st.tuples(st.integers(-3, 60), st.integers(-3, 60))


@given(text=st.text(st.sampled_from("ab <>&\"'“”\n\té"), max_size=50),
       raw=st.lists(st.tuples(spans, st.one_of(st.none(), spans), st.one_of(st.none(), spans),
                              st.lists(spans, max_size=2)), max_size=6))
def test_highlight_keeps_the_text_exactly(text: str, raw: list[Any]) -> None:
    def span(se: tuple[int, int] | None) -> dict[str, Any] | None:
        return None if se is None else {"start": se[0], "end": se[1], "text": ""}

    atts = [{"kind": "mixed", "content": span(c), "cue": span(cue), "source": span(src),
             "fragments": [span(f) for f in frags], "speaker": f"S{i % 3}"}
            for i, (c, cue, src, frags) in enumerate(raw)]
    s = str(render.highlight(text, atts).html)
    assert plain(s) == text
    assert "<" not in TAG.sub("", ANCHOR.sub("", s))  # every < of the text is escaped
    # anchors: one per attribution whose content lies (at least partly) in the text
    expected = sum(1 for c, *_ in raw if max(0, c[0]) < min(len(text), c[1]))
    assert len(ANCHOR.findall(s)) == expected


def test_variant_diff_shows_missing_and_added_words() -> None:
    d = str(render.variant_diff("we will open every library on Sundays.",
                                "We will open every library, soon"))
    assert d.startswith("We will open every library,")  # case and punctuation are no change
    assert ('<del class="left-out">on Sundays</del> '
            '<ins title="instead of: on Sundays">soon</ins>') in d
    marked = str(render.variant_diff("we will open every library", "we will open <b>every</b>"))
    assert "<b>" not in marked and "</b>" not in marked and "&gt;every&lt;/" in marked
    assert '<del class="left-out">library</del>' in marked


def test_timeline_marks_the_first_and_links_articles() -> None:
    occ = [{"article_id": "a/1", "outlet": "<Herald>", "published": "2024-05-06",
            "crawled": None, "speaker": "Ann", "speaker_id": "ann"},
           {"article_id": "b", "outlet": "Post", "published": "2024-05-13",
            "crawled": None, "speaker": "Bo", "speaker_id": "bo"},
           {"article_id": "c", "outlet": "Post", "published": None, "crawled": None,
            "speaker": "Ann", "speaker_id": "ann"}]
    svg = str(render.timeline_svg(occ, render.speaker_colours(occ)))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="first-ring"') == 1
    assert 'href="/articles/a%2F1"' in svg
    assert "&lt;Herald&gt;" in svg and "<Herald>" not in svg
    assert "undated" in svg
    assert svg.count('class="dot ') == 3


def test_weekly_chart_has_a_bar_per_week() -> None:
    svg = str(render.weekly_chart_svg([("2024-05-06", 4), ("2024-05-13", 0),
                                       ("2024-05-20", 2)]))
    assert svg.count("<rect") == 3
    assert "week of 2024-05-13: 0 quotes" in svg
    assert "No dated quotes" in str(render.weekly_chart_svg([]))


def test_joint_speakers_link_each_person() -> None:
    s = str(render.speaker_links("Kit Connor and Joe Locke", "kit-connor+joe-locke"))
    assert 'href="/speakers/kit-connor"' in s and 'href="/speakers/joe-locke"' in s
    assert "unknown" in str(render.speaker_links(None, None))


def test_only_http_urls_become_links() -> None:
    assert render.http_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert render.http_url(" HTTP://example.com ") == "HTTP://example.com"
    for bad in ("javascript:alert(1)", " JavaScript:x", "data:text/html,<b>", "//x.example",
                "vbscript:x", "", None):
        assert render.http_url(bad) is None


def test_a_long_trail_draws_a_bounded_timeline() -> None:
    occ = [{"article_id": f"a{i}", "outlet": f"Outlet {i % 50}",
            "published": f"2024-05-{1 + i % 28:02d}", "crawled": None, "speaker": "Ann",
            "speaker_id": "ann"} for i in range(5000)]
    occ.insert(0, {"article_id": "first", "outlet": "Rare Outlet", "published": "2024-04-01",
                   "crawled": None, "speaker": "Ann", "speaker_id": "ann"})
    svg = str(render.timeline_svg(occ, render.speaker_colours(occ)))
    assert svg.count('class="outlet-label"') == render.TIMELINE_ROWS
    assert ">Rare Outlet<" in svg and "other outlets (32)" in svg
    assert svg.count('class="dot ') <= render.TIMELINE_ROWS * 29
    assert svg.count('class="first-ring"') == 1 and 'href="/articles/first"' in svg
    assert len(svg) < 200_000


def test_the_speaker_warning_is_bounded() -> None:
    occ = [{"speaker": "Ann", "outlet": f"O{i}"} for i in range(10)]
    occ += [{"speaker": f"P{i}", "outlet": "X"} for i in range(20)]
    shown, others = render.distinct_speakers(occ, limit=3, outlets_each=4)
    assert shown[0] == ("Ann", 10, ["O0", "O1", "O2", "O3"], 6)
    assert len(shown) == 3 and others == 18


def test_the_speaker_warning_counts_one_person_once_whatever_name_credits_them() -> None:
    occ = [{"speaker": "Okafor", "speaker_id": "ruth-okafor", "outlet": "A"},
           {"speaker": "Ruth Okafor", "speaker_id": "ruth-okafor", "outlet": "B"},
           {"speaker": "Alan Price", "speaker_id": "alan-price", "outlet": "C"},
           {"speaker": "Okafor", "speaker_id": None, "outlet": "D"}]
    shown, others = render.distinct_speakers(occ)
    assert shown[0] == ("Ruth Okafor (also as Okafor)", 2, ["A", "B"], 0)
    assert {s[0] for s in shown[1:]} == {"Alan Price", "Okafor"} and others == 0


def test_weekly_chart_labels_never_overlap() -> None:
    """Few weeks make wide bars capped at 48px: a label per bar would overlap its neighbours."""
    for n in (2, 3, 5, 14, 60):
        weeks = [((date(2024, 1, 1) + timedelta(weeks=i)).isoformat(), i % 4) for i in range(n)]
        svg = str(render.weekly_chart_svg(weeks))
        xs = [float(x) for x in re.findall(
            r'<text class="tick-label" x="([\d.]+)" y="\d+" text-anchor="start">', svg)]
        assert xs and len(xs) <= 7, n
        assert all(b - a >= render._WEEK_LABEL_PX for a, b in itertools.pairwise(xs)), (n, xs)


@pytest.mark.parametrize("n", [1, 2, 14, 15, 17, 60, 131, 314])
def test_weekly_chart_labels_stay_inside_the_chart(n: int) -> None:
    """The last label that would run past the right edge (and be cut off) is left out;
    the first week is always labelled, and a big peak count moves the plot right."""
    weeks = [((date(2024, 1, 1) + timedelta(weeks=i)).isoformat(), (i * 37) % 100_001)
             for i in range(n)]
    svg = str(render.weekly_chart_svg(weeks))
    width = float(re.search(r'viewBox="0 0 (\d+) ', svg)[1])
    labels = re.findall(r'<text class="tick-label" x="([\d.]+)" y="\d+" '
                        r'text-anchor="(start|end)">([^<]+)</text>', svg)
    weekly = [(float(x), t) for x, anchor, t in labels if anchor == "start"]
    assert weekly[0][1] == weeks[0][0]
    assert all(x + render._WEEK_LABEL_TEXT_PX <= width for x, _ in weekly), weekly
    peak_x = float(labels[0][0])  # right-aligned: its text runs leftwards from here
    assert peak_x - render._DIGIT_PX * len(labels[0][2]) >= 0, labels[0]


def test_only_a_direct_occurrence_is_put_in_quotation_marks() -> None:
    from quotetrail.web.render import occurrence_wording

    diff = {"same": False, "edits": []}
    for kind in ("indirect", "belief"):
        shown = str(occurrence_wording({"kind": kind, "differences": diff,
                                        "content": {"start": 0, "end": 5, "text": "it is"}}))
        assert "<q" not in shown and 'class="reported"' in shown, kind
    direct = str(occurrence_wording({"kind": "direct", "differences": diff,
                                     "content": {"start": 0, "end": 5, "text": "it is"}}))
    assert direct.startswith('<q class="verbatim">')
