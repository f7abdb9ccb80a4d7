"""``speaker_confidence``: on every attribution, a probability, calibrated, and honest
about doubt (engine/speakers/resolution.py, models/speaker_ranker.py)."""

from __future__ import annotations

import numpy as np

import quotetrail
from quotetrail.engine.speakers.candidates import Candidate
from quotetrail.engine.speakers.reading import Answer
from quotetrail.engine.speakers.resolution import decide
from quotetrail.models.speaker_ranker import load_ranker

TEXT = ("Mayor Ruth Okafor opened the bridge on Monday. “It took nine years,” Okafor said. "
        "Gil Harlan met Tom Reyes at the ribbon on Monday afternoon. He said it was ugly.")


def test_every_attribution_has_a_probability() -> None:
    result = quotetrail.extract(TEXT)
    assert result.attributions
    for a in result.attributions:
        assert 0.0 <= a.speaker_confidence <= 1.0
        assert a.to_dict()["speaker_confidence"] == round(a.speaker_confidence, 4)


def test_a_name_written_next_to_the_quote_is_surer_than_a_pronoun_among_several() -> None:
    atts = quotetrail.extract(TEXT).attributions
    named = next(a for a in atts if a.content.text.startswith("It took"))
    vague = next(a for a in atts if a.content.text.startswith("it was ugly"))
    assert named.speaker == "Ruth Okafor"
    assert named.speaker_confidence > vague.speaker_confidence
    assert named.speaker_confidence >= 0.8


def _cand(name: str | None, kind: str = "person") -> Candidate:
    return Candidate(Answer.one(name, kind) if name else Answer.none(kind))


def test_an_unsure_name_gives_way_to_no_name() -> None:
    cands = [_cand("Ruth Okafor"), _cand("Gil Harlan"), _cand(None)]
    sure = decide(cands, [0.7, 0.2, 0.1], abstain=0.4, calibrated=lambda x: x)
    assert sure.speaker == "Ruth Okafor" and sure.confidence == 0.7
    unsure = decide(cands, [0.35, 0.33, 0.32], abstain=0.4, calibrated=lambda x: x)
    assert unsure.speaker is None and unsure.speaker_type == "person"
    assert unsure.confidence == 0.32  # the probability that no name is the right value


def test_null_answers_pool_their_mass() -> None:
    cands = [_cand("Ruth Okafor"), _cand(None, "unnamed"), _cand(None, "person")]
    res = decide(cands, [0.3, 0.4, 0.3], abstain=0.0, calibrated=lambda x: x)
    assert res.speaker is None and res.speaker_type == "unnamed"
    assert abs(res.confidence - 0.7) < 1e-9


def test_the_shipped_calibration_is_monotone() -> None:
    ranker = load_ranker()
    assert ranker is not None
    assert np.all(np.diff(ranker.calibration_x) >= 0)
    assert np.all(np.diff(ranker.calibration_y) >= 0)
    assert 0.0 <= ranker.abstain <= 0.5
    assert ranker.meta["mentions"] > 2000  # trained on the shipped labels
