"""Training end to end on a tiny PolNeAR-format folder written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest
from polnear_writer import write_corpus

from quotetrail.models.attribution import load_model
from quotetrail.models.speaker_ranker import load_ranker
from quotetrail.training.attribution import cue_head, same_attribution, train

ARTICLES = {
    "a1": "The mayor said the bridge would reopen in May. Critics argued that the repairs "
          "had cost too much.\n\n“We are on schedule,” added engineer Hana Kowalski.\n",
    "a2": "Officials announced that the park would close early. The council said the "
          "budget was balanced.\n\nAccording to the report, traffic fell by a third.\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    roles = {
        "a1": [("The mayor", "said", "the bridge would reopen in May"),
               ("Critics", "argued", "that the repairs had cost too much"),
               ("engineer Hana Kowalski", "added", "“We are on schedule,”")],
        "a2": [("Officials", "announced", "that the park would close early"),
               ("The council", "said", "the budget was balanced"),
               ("the report", "According to", "traffic fell by a third")],
    }
    return write_corpus(tmp_path_factory.mktemp("tiny"),
                        {name: (text, roles[name]) for name, text in ARTICLES.items()})


def test_training_writes_a_loadable_model_and_is_reproducible(corpus: Path,
                                                              tmp_path: Path) -> None:
    meta = train(corpus, tmp_path / "m1", seed=5)
    assert meta["articles"] == 2
    assert meta["gold_cues"] == 6
    assert meta["cue_positives"] >= 5
    model = load_model(str(tmp_path / "m1"))
    assert model.verifier_model is not None
    assert "said" in model.triggers  # heads a cue in both of its two uses
    ranker = load_ranker(str(tmp_path / "m1"))  # the speaker model, on the written texts
    assert ranker is not None and ranker.meta["mentions"] > 300
    train(corpus, tmp_path / "m2", seed=5)
    for name in ("cue.npz", "content.npz", "verifier.npz", "triggers.txt", "speakers.npz",
                 "speakers.json"):
        assert (tmp_path / "m1" / name).read_bytes() == (tmp_path / "m2" / name).read_bytes()


def test_same_attribution_label() -> None:
    assert same_attribution((10, 20), (0, 40))  # a piece inside a long gold content
    assert not same_attribution((0, 100), (90, 95))  # mostly outside
    assert not same_attribution((0, 10), (20, 30))


def test_cue_head_prefers_the_verb() -> None:
    import spacy

    from quotetrail.settings import spacy_model_name

    nlp = spacy.load(spacy_model_name(), exclude=["ner", "lemmatizer", "attribute_ruler"])
    doc = nlp("He also said on Monday that it rained.")
    text = doc.text
    start = text.index("also")
    head = cue_head(doc, 0, (start, text.index("said") + 4))
    assert head is not None and head.text == "said"
