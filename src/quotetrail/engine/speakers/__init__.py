"""Who a source mention is: within its article (resolution) and its name's parts (names).

Modules, one job each: :mod:`.gender` (given-name statistics, honorifics), :mod:`.names`
(the name model shared with the corpus), :mod:`.mentions` (named entities where they
pay), :mod:`.index` (who and what an article names), :mod:`.reading` (what a mention
says by itself), :mod:`.candidates` (candidate speakers and their features) and
:mod:`.resolution` (the learned ranking that decides).
"""

from quotetrail.engine.speakers.candidates import Context, Previous, is_question
from quotetrail.engine.speakers.mentions import EntityTagger, entity_sentences
from quotetrail.engine.speakers.resolution import Resolution, SpeakerResolver

__all__ = ["Context", "EntityTagger", "Previous", "Resolution", "SpeakerResolver",
           "entity_sentences", "is_question"]
