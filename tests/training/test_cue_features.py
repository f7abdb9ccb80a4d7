"""Cue features: the linear-time quoted-subtree answer equals walking each subtree."""

from __future__ import annotations

from quotetrail.engine.pipeline import get_engine
from quotetrail.engine.quotes import find_quotes
from quotetrail.models.features import cue_features, is_cue_candidate, quoted_below

_TEXT = (
    'The mayor said "we will rebuild the bridge by spring" and added that the '
    'council, which "never listens", had approved it. '
    'Residents told reporters they were "relieved, honestly" after the vote. '
    '"No," she said.'
)


def _doc_and_quotes():
    nlp = get_engine(None).nlp
    doc = nlp(_TEXT)
    spans = [(q.start, q.end) for q in find_quotes(_TEXT)]
    in_quote = [any(a <= t.idx < b for a, b in spans) for t in doc]
    return doc, in_quote


def test_quoted_below_is_the_subtree_definition() -> None:
    doc, in_quote = _doc_and_quotes()
    assert any(in_quote), "the text must hold quoted tokens for the test to mean anything"
    below = quoted_below(doc, in_quote)
    expected = [any(in_quote[k.i] for k in t.subtree) for t in doc]
    assert below == expected
    # some tokens have quotes below them and some do not
    assert any(below) and not all(below)


def test_quoted_below_without_quotes_is_all_false() -> None:
    nlp = get_engine(None).nlp
    doc = nlp("Nobody quoted anything here, the report said.")
    assert quoted_below(doc, [False] * len(doc)) == [False] * len(doc)


def test_cue_features_same_with_and_without_the_precomputed_answer() -> None:
    doc, in_quote = _doc_and_quotes()
    below = quoted_below(doc, in_quote)
    cands = [t for t in doc if is_cue_candidate(t, in_quote)]
    assert cands
    for tok in cands:
        assert cue_features(tok, in_quote, below) == cue_features(tok, in_quote)
