"""One identity per person across articles: name variants join, namesakes stay apart.

The rules of ``quotetrail.corpus.identity`` through the store, on results written here:
middle names, initials, party tags, honorifics, possessives and nicknames join; two
people of one surname stay apart (by given name, by the gender an article states, by an
article that names both); a bare surname joins only the one person it can be; an
acronym joins the organisation an article pairs it with, or the only one whose
initials it spells; a stage name and a real name given together join.  Ids do not
depend on the order or the batches the articles came in, and a batch recomputes only
what it changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import fake_result

from quotetrail.corpus import identity, queries, speakers
from quotetrail.corpus.identity import BucketForm
from quotetrail.corpus.names import form_of
from quotetrail.corpus.store import Store

WORDS = ["the harbour will reopen", "taxes will not rise", "we need more buses",
         "the bridge is safe", "nobody saw it coming", "the vote was close",
         "schools come first", "the budget is balanced", "we will appeal", "it was a mistake"]


def quote(n: int) -> str:
    return f"{WORDS[n % len(WORDS)]} and that is what I told the council number {n}"


def article(id: str, *names: str, sources: list[str] | None = None,
            speaker_type: str = "person", extra: str = "") -> Any:
    quotes = [(quote(hash((id, i)) % 997) + extra if i == 0 else
               quote(hash((id, i)) % 997), n) for i, n in enumerate(names)]
    return fake_result(id, quotes, sources=sources, speaker_type=speaker_type)


def ids(store: Store, article_id: str) -> list[str | None]:
    record = queries.article(store.conn, article_id)
    assert record is not None
    return [a["speaker_id"] for a in record["attributions"]]


def build(tmp_path: Path, *results: Any, name: str = "s.db") -> Store:
    store = Store(tmp_path / name)
    for r in results:
        store.add_batch([r])
    return store


@pytest.mark.parametrize("variant", [
    "Chokwe Antar Lumumba (D)", "Mayor Chokwe Antar Lumumba", "Chokwe A. Lumumba",
    "Chokwe Lumumba's", "C. Lumumba", "Mr. Lumumba",
])
def test_name_variants_join(tmp_path: Path, variant: str) -> None:
    store = build(tmp_path, article("full", "Chokwe Antar Lumumba"), article("v", variant))
    assert ids(store, "v") == ids(store, "full") == ["chokwe-lumumba"]


@pytest.mark.parametrize(("a", "b"), [("Mike Okafor", "Michael Okafor"),
                                      ("Stan Greeley", "Stanley B. Greeley"),
                                      ("Joe Bidwell", "Joseph R. Bidwell Jr.")])
def test_nicknames_and_short_forms_join(tmp_path: Path, a: str, b: str) -> None:
    store = build(tmp_path, article("a", a), article("b", b))
    assert ids(store, "a") == ids(store, "b")


def test_barack_and_michelle_stay_two_and_mr_obama_is_barack(tmp_path: Path) -> None:
    store = build(tmp_path, article("b", "Barack Obama"), article("m", "Michelle Obama"),
                  article("mr", "Obama", sources=["Mr. Obama"]),
                  article("bare", "Obama"))
    assert ids(store, "b") == ["barack-obama"] and ids(store, "m") == ["michelle-obama"]
    assert ids(store, "mr") == ["barack-obama"]  # Michelle is a woman's name
    assert ids(store, "bare") == ["obama"]  # either of two: never guessed


def test_pronouns_tell_which_of_two_namesakes(tmp_path: Path) -> None:
    store = build(tmp_path, article("p", "Paul Okafor"), article("g", "Grace Okafor"),
                  article("she", "Okafor", sources=["she"]),
                  article("he", "Okafor", sources=["He"]))
    assert ids(store, "she") == ["grace-okafor"] and ids(store, "he") == ["paul-okafor"]


def test_mr_smith_and_ms_smith_are_two_people(tmp_path: Path) -> None:
    store = build(tmp_path, article("mr", "Smith", sources=["Mr Smith"]),
                  article("ms", "Smith", sources=["board member Ms. Smith"]),
                  article("he", "Smith", sources=["he"]))
    assert ids(store, "mr") == ["mr-smith"] and ids(store, "ms") == ["ms-smith"]
    assert ids(store, "he") == ["mr-smith"]
    found = {s["speaker_id"]: s for s in queries.speaker_list(store.conn)}
    assert found["mr-smith"]["attributions"] == 2


def test_the_gender_an_article_states_outweighs_a_given_names_statistics(
        tmp_path: Path) -> None:
    # "Lindsey" is mostly a woman's name; this Lindsey is a man, and the only Graham
    store = build(tmp_path, article("l", "Lindsey Graham"),
                  article("mr", "Graham", sources=["Mr. Graham"]))
    assert ids(store, "mr") == ids(store, "l") == ["lindsey-graham"]


def test_an_honorific_only_counts_before_the_persons_own_name(tmp_path: Path) -> None:
    store = build(tmp_path, article("t", "Thomas R. Nides",
                                    sources=["Thomas R. Nides, an aide to Mrs. Clinton"]),
                  article("n", "Tom Nides", sources=["he"]))
    assert ids(store, "n") == ids(store, "t")


def test_a_bare_surname_is_not_the_person_of_that_name_its_article_names_apart(
        tmp_path: Path) -> None:
    store = build(tmp_path, article("b", "Barack Obama"),
                  article("both", "Michelle Obama", "Obama"))
    assert ids(store, "both") == ["michelle-obama", "barack-obama"]


def test_junior_joins_unless_an_article_credits_father_and_son(tmp_path: Path) -> None:
    comey = build(tmp_path, article("a", "James B. Comey"), article("b", "James Comey"),
                  article("c", "James B. Comey Jr."), name="comey.db")
    assert ids(comey, "a") == ids(comey, "b") == ids(comey, "c") == ["james-comey"]
    trump = build(tmp_path, article("a", "Donald J. Trump"), article("b", "Donald Trump"),
                  article("c", "Donald Trump Jr.", "Donald J. Trump"),
                  article("d", "Donald Trump Jr."), name="trump.db")
    assert ids(trump, "a") == ids(trump, "b") == ["donald-trump"]
    assert ids(trump, "c") == ["donald-trump-jr", "donald-trump"]
    assert ids(trump, "d") == ["donald-trump-jr"]


def test_george_bush_between_two_georges_is_not_guessed(tmp_path: Path) -> None:
    store = build(tmp_path, article("hw", "George H. W. Bush"), article("w", "George W. Bush"),
                  article("g", "George Bush"))
    assert ids(store, "hw") == ["george-h-w-bush"] and ids(store, "w") == ["george-w-bush"]
    assert ids(store, "g") == ["george-bush"]


def test_a_second_person_of_a_surname_undoes_a_bare_join(tmp_path: Path) -> None:
    store = build(tmp_path, article("p", "Gordon Pellam"), article("bare", "Pellam"))
    assert ids(store, "bare") == ["gordon-pellam"]
    store.add_batch([article("i", "Ingrid Pellam")])
    assert ids(store, "bare") == ["pellam"]
    store.add_batch([article("ms", "Pellam", sources=["Ms. Pellam"])])
    assert ids(store, "ms") == ["ingrid-pellam"] and ids(store, "bare") == ["pellam"]


def test_acronym_joins_the_long_form_an_article_pairs_it_with(tmp_path: Path) -> None:
    store = build(
        tmp_path,
        article("long", "Harwick Transit Authority", speaker_type="organisation"),
        article("other", "Harbour Town Association", speaker_type="organisation"),
        article("pair", "Harwick Transit Authority", speaker_type="organisation",
                extra=", the Harwick Transit Authority (HTA) said"),
        article("acr", "HTA", speaker_type="organisation"),
        article("the", "the HTA's", speaker_type="organisation"))
    assert ids(store, "acr") == ids(store, "the") == ids(store, "long") == [
        "harwick-transit-authority"]
    assert ids(store, "other") == ["harbour-town-association"]


def test_an_acronym_joins_the_only_organisation_whose_initials_it_spells(
        tmp_path: Path) -> None:
    store = build(tmp_path,
                  article("long", "Coastal Freight Workers Alliance", speaker_type="organisation"),
                  article("acr", "CFWA", speaker_type="organisation"),
                  article("dots", "C.F.W.A.", speaker_type="organisation"))
    assert ids(store, "acr") == ids(store, "dots") == ids(store, "long")
    store.add_batch([article("two", "Central Florida Water Authority",
                             speaker_type="organisation")])
    assert ids(store, "acr") == ids(store, "dots") == ["cfwa"]  # two candidates now


def test_a_stage_name_and_a_real_name_given_together_join(tmp_path: Path) -> None:
    store = build(tmp_path, article("stage", "Mara Vale"),
                  article("both", "Margaret Vale",
                          extra=". Margaret Vale, better known as DJ Mara Vale, agreed"),
                  article("real", "Margaret Vale"))
    assert ids(store, "both") == ids(store, "real") == ids(store, "stage") == ["mara-vale"]


def test_ids_do_not_depend_on_order_or_batches(tmp_path: Path) -> None:
    from corpus_fixtures import dump

    results = [article("1", "Barack Obama"), article("2", "Obama", sources=["Mr. Obama"]),
               article("3", "Michelle Obama"), article("4", "Mike Okafor"),
               article("5", "Michael Okafor"), article("6", "Okafor"),
               article("7", "Donald Trump Jr.", "Donald Trump"), article("8", "Donald Trump"),
               article("9", "FBI", speaker_type="organisation"),
               article("10", "Federal Bureau of Investigation", speaker_type="organisation")]
    one = Store(tmp_path / "one.db")
    for r in results:
        one.add_batch([r])
    other = Store(tmp_path / "other.db")
    other.add_batch(results[::-1][:4])
    other.add_batch(results[::-1][4:])
    for store in (one, other):  # cluster ids are canonical after a rebuild
        store.rebuild()
        store.close()
    a, b = dump(tmp_path / "one.db"), dump(tmp_path / "other.db")
    for table in ("speaker_names", "speakers", "clusters"):
        assert a[table] == b[table], table
    assert sorted(a["name_forms"]) == sorted(b["name_forms"])


def test_a_batch_recomputes_only_the_buckets_it_changed(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "s.db")
    for n in range(40):
        store.add_batch([article(f"p{n}", f"Person{n} Surname{n}")])
    read: list[str] = []
    original = speakers._bucket_ids

    def counting(conn: Any, bucket: str) -> Any:
        read.append(bucket)
        return original(conn, bucket)

    monkeypatch.setattr(speakers, "_bucket_ids", counting)
    store.add_batch([article("again", "Person3 Surname3", "Person7 Surname7")])
    assert read == []  # known names: nothing to recompute
    store.add_batch([article("new", "Ada Surname3")])
    assert read == ["p:surname3"]  # one bucket, whatever the corpus holds


def test_the_rules_as_a_pure_function() -> None:
    def forms(*names: str) -> list[BucketForm]:
        out = []
        for i, n in enumerate(names):
            f = form_of(n, "person")
            assert f is not None
            out.append(BucketForm(i, f))
        return out

    def firsts(cut: list[identity.Speaker]) -> list[list[str]]:
        return sorted(sorted(m.form.first for m in s.members) for s in cut)

    bucket = forms("Chris Murphy", "Christopher Murphy", "Christine Murphy")
    cut = identity.cluster_bucket(bucket)  # "Chris" may be either: a speaker of its own
    assert firsts(cut) == [["chris"], ["christine"], ["christopher"]]
    assert identity.speaker_ids(cut) == ["christopher-murphy", "christine-murphy",
                                         "chris-murphy"]
    he = [BucketForm(0, bucket[0].form, n_m=2), *bucket[1:]]  # an article said "he"
    assert firsts(identity.cluster_bucket(he)) == [["chris", "christopher"], ["christine"]]


def test_a_name_cut_short_joins_the_one_name_it_starts(tmp_path: Path) -> None:
    store = build(tmp_path, article("short", "Chokwe Antar (D)"),
                  article("full", "Mayor Chokwe Antar Lumumba"))
    assert ids(store, "short") == ids(store, "full") == ["chokwe-lumumba"]
    store.add_batch([article("other", "Chokwe Antar Smith")])
    assert ids(store, "short") == ["chokwe-antar"]  # it starts two names now: not guessed


def test_an_honorific_in_the_text_counts_only_for_the_one_person_of_that_surname(
        tmp_path: Path) -> None:
    # "Mr. Voss" in the text is Calvin; Renata, credited in the same article, is "she"
    both = article("both", "Renata Voss", "Calvin Voss", sources=["she", "Dr. Voss"],
                   extra=". Mr. Voss said his kitchen was clean")
    store = build(tmp_path, both, article("ms", "Voss", sources=["Ms. Voss"]))
    assert ids(store, "ms") == ["renata-voss"]
