"""quotetrail as a spaCy pipeline component: ``nlp.add_pipe("quotetrail")``.

The component sets ``doc._.attributions`` (a list of
:class:`~quotetrail.model.Attribution`, offsets into ``doc.text``).  When the pipeline
before it has a dependency parser, the engine links on that parse directly; otherwise
it parses the text itself with its own pipeline.  Registered through the
``spacy_factories`` entry point, so no import is needed before ``add_pipe``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

ATTRIBUTE = "attributions"


class QuotetrailComponent(Pipe):
    """Adds the article's attributions to ``doc._.attributions``."""

    def __init__(self, nlp: Language, name: str = "quotetrail",
                 spacy_model: str | None = None) -> None:
        self.name = name
        self.spacy_model = spacy_model
        if not Doc.has_extension(ATTRIBUTE):
            Doc.set_extension(ATTRIBUTE, default=None)

    def __call__(self, doc: Doc) -> Doc:
        from quotetrail.engine.pipeline import get_engine

        engine = get_engine(self.spacy_model)
        if doc.has_annotation("DEP"):
            doc._.set(ATTRIBUTE, engine.attributions_from_doc(doc))
        else:
            doc._.set(ATTRIBUTE, engine.attributions(doc.text))
        return doc


@Language.factory("quotetrail", default_config={"spacy_model": None})
def make_quotetrail(nlp: Language, name: str, spacy_model: str | None) -> QuotetrailComponent:
    """spaCy factory: ``nlp.add_pipe("quotetrail", config={"spacy_model": ...})``."""
    return QuotetrailComponent(nlp, name, spacy_model)
