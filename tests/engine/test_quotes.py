"""Quotation-mark segmentation on text alone (engine/quotes.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotetrail.engine.quotes import find_quotes, paragraphs


def contents(text: str) -> list[str]:
    return [text[q.content_start:q.content_end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes" and then "no".', ["yes", "no"]),
        ("“We will win,” she said. “Then we rest.”", ["We will win,", "Then we rest."]),
        ("''This is not reform,'' said Ann Lee. ''It is worse.''",
         ["This is not reform,", "It is worse."]),
        ("``Fine,'' he said.", ["Fine,"]),
        ("Le ministre a dit « non » hier.", ["non"]),
        ("„Gut“ oder nicht.", ["Gut"]),
        # mismatched glyphs still pair up
        ("there was “no evidence\" yet and \"more hours” to go", ["no evidence", "more hours"]),
        # a headline with single quotes
        ("Mayor says blast was an 'intentional act.'", ["intentional act."]),
        ("The show ‘Heartbeat’ returns.", ["Heartbeat"]),
    ],
)
def test_pairs_marks(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the voters' exhaustion and the United States’ role",
        "don't, won't, O'Neill and O’Brien",
        "rock 'n' roll in the '90s",
        "He is 5'11\" tall.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert contents(text) == []


def test_nested_single_quotes_stay_inside_the_double_quote() -> None:
    text = "“He told me ‘never again’ and left,” she said."
    assert contents(text) == ["He told me ‘never again’ and left,"]


def test_quote_running_over_paragraphs_is_one_piece_per_paragraph() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said.\n"
    qs = find_quotes(text)
    assert [text[q.content_start:q.content_end] for q in qs] == [
        "First paragraph of the quote.", "Second paragraph,"]
    assert qs[0].continues and not qs[0].closed
    assert qs[1].continued and qs[1].closed


def test_unbalanced_mark_costs_one_paragraph_only() -> None:
    text = "He said “this never closes.\n\nLater, “a real quote,” she said."
    assert contents(text) == ["this never closes.", "a real quote,"]
    qs = find_quotes(text)
    assert not qs[0].continues  # the next paragraph does not open with a mark


def test_odd_number_of_marks_keeps_the_rest_of_the_article() -> None:
    paras = ['A stray " mark here.'] + [f"“Quote {i},” said Person {i}." for i in range(5)]
    text = "\n\n".join(paras)
    assert contents(text) == [f"Quote {i}," for i in range(5)]


def test_paragraphs_skip_blank_lines() -> None:
    text = "one\n\n  \ntwo\r\nthree"
    assert [text[a:b] for a, b in paragraphs(text)] == ["one", "two\r", "three"]


@given(st.text(alphabet=st.sampled_from(list("ab '\"“”‘’«»`\n.,")), max_size=200))
def test_offsets_are_inside_the_text_and_ordered(text: str) -> None:
    for q in find_quotes(text):
        assert 0 <= q.start <= q.content_start <= q.content_end <= q.end <= len(text)
        body = text[q.content_start:q.content_end]
        assert body == body.strip()
        assert "\n" not in body
