"""quotetrail as a spaCy component: nlp.add_pipe("quotetrail") sets doc._.attributions."""

from __future__ import annotations

import spacy

import quotetrail
from quotetrail.engine.component import QuotetrailComponent
from quotetrail.settings import spacy_model_name

TEXT = ("“The bridge will reopen in May,” said engineer Hana Kowalski. "
        "Residents said that they had waited long enough.")


def test_blank_pipeline_gets_attributions_from_the_engine() -> None:
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("quotetrail")
    assert isinstance(pipe, QuotetrailComponent)
    doc = nlp(TEXT)
    atts = doc._.attributions
    expected = quotetrail.extract(TEXT).attributions
    assert [a.content.text for a in atts] == [a.content.text for a in expected]
    assert atts[0].speaker == "Hana Kowalski"


def test_parsed_pipeline_links_on_its_own_parse() -> None:
    nlp = spacy.load(spacy_model_name(), exclude=["ner"])
    nlp.add_pipe("quotetrail", last=True)
    doc = nlp(TEXT)
    atts = doc._.attributions
    assert atts, "no attributions on a parsed doc"
    first = atts[0]
    assert first.content.text == "The bridge will reopen in May,"
    assert first.cue is not None and first.cue.text == "said"
    for a in atts:
        assert doc.text[a.content.start:a.content.end] == a.content.text
