"""What a reader is shown as the speaker's words: only what the article quotes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import quotetrail
from quotetrail.display import Piece, content_pieces, quoted_text


def _record(kind: str, text: str, start: int = 0, fragments: list[tuple[int, int]] = ()
            ) -> dict:
    return {"kind": kind, "content": {"start": start, "end": start + len(text), "text": text},
            "fragments": [{"start": start + a, "end": start + b, "text": text[a:b]}
                          for a, b in fragments]}


def test_direct_content_is_verbatim_as_a_whole() -> None:
    assert content_pieces(_record("direct", "We will win")) == [Piece("We will win", True)]


def test_reported_speech_is_never_verbatim() -> None:
    pieces = content_pieces(_record("indirect", "the plan would cost too much"))
    assert pieces == [Piece("the plan would cost too much", False)]
    assert "“" not in quoted_text(pieces)


def test_mixed_shows_only_its_fragments_as_quotes_and_no_mark_twice() -> None:
    text = "to “get out now” at a press conference"
    start = 100
    a = text.index("get")
    record = _record("mixed", text, start, [(a, a + len("get out now"))])
    pieces = content_pieces(record)
    assert pieces == [Piece("to ", False), Piece("get out now", True),
                      Piece(" at a press conference", False)]
    assert quoted_text(pieces) == "to “get out now” at a press conference"


def test_mixed_without_fragments_finds_the_quoted_words_itself() -> None:
    pieces = content_pieces(_record("mixed", 'that it was "a sad day" for the town'))
    assert [p.text for p in pieces if p.verbatim] == ["a sad day"]
    assert all('"' not in p.text for p in pieces)


def test_a_fragment_that_does_not_match_the_text_is_ignored() -> None:
    record = _record("mixed", "that it was “fine”")
    record["fragments"] = [{"start": 0, "end": 4, "text": "nope"}]
    assert [p.text for p in content_pieces(record) if p.verbatim] == ["fine"]


def test_works_on_the_engines_attributions() -> None:
    text = ('The mayor said the city would “open every library on Sundays” next year. '
            '“We have the money,” she said. She added that staff would be hired.')
    seen = set()
    for a in quotetrail.extract(text).attributions:
        pieces = content_pieces(a)
        seen.add(a.kind)
        verbatim = [p.text for p in pieces if p.verbatim]
        if a.kind == "direct":
            assert verbatim == [a.content.text]
        elif a.kind == "mixed":
            assert verbatim == [f.text for f in a.fragments]
        else:
            assert verbatim == []
    assert {"direct", "mixed", "indirect"} <= seen


_WORDS = st.text(alphabet="abc de,", min_size=0, max_size=12)


@given(st.lists(st.tuples(_WORDS, st.text(alphabet="xyz w", min_size=1, max_size=10)),
                min_size=1, max_size=4), _WORDS, st.integers(0, 500))
def test_verbatim_pieces_are_exactly_the_fragments(parts: list[tuple[str, str]], tail: str,
                                                   start: int) -> None:
    text, fragments = "", []
    for plain, quoted in parts:
        text += plain + "“"
        fragments.append((len(text), len(text) + len(quoted)))
        text += quoted + "”"
    text += tail
    pieces = content_pieces(_record("mixed", text, start, fragments))
    assert [p.text for p in pieces if p.verbatim] == [text[a:b] for a, b in fragments]
    for p in pieces:
        assert p.text in text
        if not p.verbatim:
            assert "“" not in p.text[-1:] and "”" not in p.text[:1]
