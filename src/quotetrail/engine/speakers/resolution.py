"""Who a source mention is: a learned ranking over the article's candidates.

For each source mention the resolver

1. reads the mention as a whole noun phrase (:mod:`.reading`): its form, and what it
   names by itself;
2. gathers candidate answers from the article index and the statements before it
   (:mod:`.candidates`), each with features;
3. scores them with the shipped ranking model (:mod:`quotetrail.models.speaker_ranker`)
   and takes the most probable answer -- unless it is a name the model is not sure
   enough of, in which case no name is given (a wrong name is worse than none);
4. reports ``confidence``: the calibrated probability that the value given, a name or
   null, is right (``speaker_confidence`` in the output contract).

Without a model file (a fresh ``quotetrail train`` bootstrapping itself) the mention's
own reading is taken when it has one, else no name, with confidence 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from quotetrail.engine.speakers.candidates import (
    Candidate,
    Context,
    Previous,
    candidates,
    recent_persons,
)
from quotetrail.engine.speakers.index import ArticleIndex
from quotetrail.engine.speakers.reading import (
    Answer,
    Reading,
    descriptive,
    join_names,
    read_mention,
)
from quotetrail.models.speaker_ranker import SpeakerRanker, load_ranker

__all__ = ["Resolution", "SpeakerResolver"]

NO_CONTEXT = Context()


@dataclass(slots=True)
class Resolution:
    """The speaker fields of one attribution."""

    speaker: str | None
    speakers: list[str] = field(default_factory=list)
    speaker_type: str | None = None
    confidence: float = 0.0

    @classmethod
    def of(cls, answer: Answer, confidence: float) -> Resolution:
        return cls(answer.speaker, list(answer.speakers), answer.speaker_type,
                   round(float(confidence), 4))

    @property
    def answer(self) -> Answer:
        return Answer(self.speaker, tuple(self.speakers), self.speaker_type)


class SpeakerResolver:
    """Built once per article; resolves its source mentions one by one, in order."""

    def __init__(self, text: str, entities: Sequence[tuple[int, int, str]] = (),
                 ranker: SpeakerRanker | None = None, *, use_shipped: bool = True) -> None:
        self.text = text
        self.index = ArticleIndex(text, entities)
        self.ranker = ranker if ranker is not None or not use_shipped else load_ranker()

    def candidates(self, start: int, end: int, context: Context = NO_CONTEXT,
                   previous: Sequence[Previous] = ()) -> tuple[Reading, list[Candidate]]:
        """The mention's reading and its candidates with features (training uses this)."""
        reading = read_mention(self.index, start, end, context.cue, context.ref)
        if reading.form in ("name", "org") and reading.own is not None and \
                reading.own.speaker and reading.own_how == "name" and \
                self.index.named_only_in_headline(reading.start, reading.core):
            reading.own, reading.own_how = Answer.none("unnamed"), "headline_only"
        if reading.own is None and reading.possessor and reading.form in ("plural", "both"):
            # "her parents": who "her" is, then the group known through them (DESIGN.md)
            owner = self._possessor(reading, context, previous)
            if owner is not None and owner.speaker:
                reading.own = descriptive(owner.speaker, reading)
                reading.own_how = "descriptive"
        if reading.own is None and reading.form == "both":
            # "both actors", "the pair": the last joint speaker
            joint = next((p.answer for p in reversed(previous)
                          if p.offset <= start and len(p.answer.speakers) > 1), None)
            if joint is not None:
                reading.own, reading.own_how = joint, "last_joint"
            else:  # no joint speaker before: the last two people named
                last_two = recent_persons(self.index, start, after=False)[:2]
                if len(last_two) == 2:
                    names = [ent.name for ent, _ in reversed(last_two)]
                    reading.own = Answer(join_names(names), tuple(names), "person")
                    reading.own_how = "last_two"
        return reading, candidates(self.index, reading, context, previous)

    def _possessor(self, reading: Reading, context: Context,
                   previous: Sequence[Previous]) -> Answer | None:
        """The answer for a mention's possessor ("her" in "her parents", "Okafor's")."""
        k = reading.core.find(reading.possessor)
        if k < 0:
            return None
        pos = reading.start + k
        sub = read_mention(self.index, pos, pos + len(reading.possessor))
        if sub.own is not None:
            return sub.own if sub.own.speaker_type == "person" else None
        if self.ranker is None or sub.form not in ("pronoun", "they"):
            return None
        if sub.form == "they":
            # "their parents": parents are someone's -- one person (a singular "they") or
            # a joint speaker, never an organisation
            sub.form, sub.plural = "pronoun", False
        cands = candidates(self.index, sub, context, previous)
        res = self.decide(cands)
        return res.answer if res.speaker and res.speaker_type == "person" and \
            res.confidence >= 0.5 else None

    def addressee_name(self, context: Context) -> str | None:
        """The person an attribution was addressed to ("asked Ambekar"), if the index knows."""
        if context.addressee is None:
            return None
        own = read_mention(self.index, *context.addressee).own
        return own.speaker if own is not None and own.speaker_type == "person" else None

    def resolve(self, start: int, end: int, *, context: Context = NO_CONTEXT,
                previous: Sequence[Previous] = ()) -> Resolution:
        """Resolve the mention text[start:end]; ``previous``: earlier statements' speakers."""
        reading, cands = self.candidates(start, end, context, previous)
        # whom the statement was made to never made it ("He told CNN's Jake Tapper …")
        cands = [c for c in cands if not any(f.endswith("is_addressee") for f in c.features)]
        if self.ranker is None:
            own = reading.own or Answer.none(None)
            return Resolution.of(own, 0.0)
        return self.decide(cands)

    def decide(self, cands: Sequence[Candidate]) -> Resolution:
        """The answer to give among scored candidates, and its calibrated confidence."""
        ranker = self.ranker
        assert ranker is not None
        probs = ranker.probabilities([sorted(c.features) for c in cands])
        return decide(cands, probs, ranker.abstain, ranker.calibrated)


def decide(cands: Sequence[Candidate], probs: Sequence[float], abstain: float,
           calibrated) -> Resolution:
    """Most probable answer; a name below ``abstain`` gives way to the best null answer.

    The raw probability of giving no name is the mass of all null answers (their types
    differ, their speaker does not); of a name, its own probability.
    """
    if not cands:
        return Resolution(None, [], None, 0.0)
    order = sorted(range(len(cands)), key=lambda i: (-probs[i], i))
    best = order[0]
    null_mass = sum(p for c, p in zip(cands, probs, strict=True) if c.answer.speaker is None)
    best_null = next((i for i in order if cands[i].answer.speaker is None), None)
    chosen = best
    if cands[best].answer.speaker is not None and probs[best] < abstain and \
            best_null is not None:
        chosen = best_null
    raw = null_mass if cands[chosen].answer.speaker is None else float(probs[chosen])
    return Resolution.of(cands[chosen].answer, calibrated(raw))
