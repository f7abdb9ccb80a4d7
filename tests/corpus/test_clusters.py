"""Quote clusters: full, truncated, edited and fragmentary wordings of one statement join;
different statements by different people never do; order never matters; no all-pairs.

These tests build contract records directly (``fake_result``), so they are about the
corpus layer alone; the engine's part is covered by the CLI and ingest tests.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import fake_result
from hypothesis import given
from hypothesis import strategies as st

from quotetrail.corpus import queries
from quotetrail.corpus.clusters import PART, SAME, Unit, _Runs, classify, has_run
from quotetrail.corpus.store import Store
from quotetrail.corpus.text import function_word_counts, light_words, normalise, shingles

FULL = ("We will rebuild every school in this district before the next winter comes, "
        "and we will do it without raising a single tax")
HALF = "We will rebuild every school in this district before the next winter comes"
EDITED = ("We will rebuild every school in the district before next winter comes, and "
          "we will do it without raising a single tax")
OTHER = "Taxes will rise before the next winter comes if the council does nothing at all"


def corpus() -> list[Any]:
    return [
        fake_result("post", [(FULL, "Maria Gonzalez")], outlet="Post", published="2024-03-04",
                    url="https://post.example/1"),
        fake_result("herald", [(FULL.upper(), "Maria Gonzalez"), (OTHER, "Tom Baker")],
                    outlet="Herald", published="2024-03-05", url="https://herald.example/1"),
        fake_result("gazette", [(HALF, "Gonzalez")], outlet="Gazette",
                    published="2024-03-06", url="https://gazette.example/1"),
        fake_result("courier", [], outlet="Courier", published="2024-03-07",
                    url="https://courier.example/1",
                    mixed=[("The mayor said she would “rebuild every school in this district” "
                            "and “do it without raising a single tax”.",
                            ["rebuild every school in this district",
                             "do it without raising a single tax"], "Gonzalez")]),
        fake_result("tribune", [(EDITED, "Maria Gonzalez")], outlet="Tribune",
                    published="2024-03-08", url="https://tribune.example/1"),
    ]


def build(path: Path, results: list[Any], batch: int = 100) -> Store:
    store = Store(path)
    for i in range(0, len(results), batch):
        store.add_batch(results[i:i + batch])
    return store


def by_text(store: Store) -> dict[str, dict[str, Any]]:
    ids = [r[0] for r in store.conn.execute("SELECT cluster_id FROM clusters")]
    found = {}
    for cid in ids:
        record = queries.cluster(store.conn, cid)
        assert record is not None
        found[record["text"]] = record
    return found


def test_one_statement_in_full_truncated_edited_and_fragments_is_one_cluster(
        tmp_path: Path) -> None:
    store = build(tmp_path / "s.db", corpus())
    clusters = by_text(store)
    gonzalez = clusters[FULL]
    outlets = [o["outlet"] for o in gonzalez["occurrences"]]
    assert outlets == ["Post", "Herald", "Gazette", "Courier", "Tribune"]  # by publication
    assert gonzalez["first_seen"] == "2024-03-04"
    assert gonzalez["speaker"] == "Maria Gonzalez" and gonzalez["speaker_id"] == "maria-gonzalez"
    assert not gonzalez["speaker_disagreement"]
    # wording variants, the fullest first; case differences are not variants
    assert gonzalez["variants"][0] == FULL
    assert HALF in gonzalez["variants"] and EDITED in gonzalez["variants"]
    assert "rebuild every school in this district" in gonzalez["variants"]
    assert FULL.upper() not in gonzalez["variants"]
    # Tom Baker's statement shares "before the next winter comes" but stays apart
    assert clusters[OTHER]["n_occurrences"] == 1
    assert clusters[OTHER]["speaker"] == "Tom Baker"


def test_a_phrase_two_people_used_does_not_merge_their_statements(tmp_path: Path) -> None:
    shared = "a new chapter for this city and everyone in it"
    results = [
        fake_result("a", [(f"Today we open {shared}, and I am proud of it", "Ann Lee")],
                    published="2024-01-01"),
        fake_result("b", [(f"They promised {shared}, and they delivered nothing", "Bob Stone")],
                    published="2024-01-02"),
        fake_result("c", [(shared, None)], published="2024-01-03"),  # speaker unknown
    ]
    store = build(tmp_path / "s.db", results)
    clusters = by_text(store)
    lee = next(c for t, c in clusters.items() if t.startswith("Today"))
    stone = next(c for t, c in clusters.items() if t.startswith("They"))
    assert lee["cluster_id"] != stone["cluster_id"]
    assert {o["speaker"] for o in lee["occurrences"]} <= {"Ann Lee", None}
    assert {o["speaker"] for o in stone["occurrences"]} <= {"Bob Stone", None}


def test_the_same_wording_credited_to_two_people_is_one_cluster_flagged(
        tmp_path: Path) -> None:
    quote = "There is no money left in the budget for any of these roads this year"
    store = build(tmp_path / "s.db", [
        fake_result("a", [(quote, "Ann Lee")], published="2024-01-01"),
        fake_result("b", [(quote + ".", "Bob Stone")], published="2024-01-02"),
    ])
    (record,) = by_text(store).values()
    assert record["n_occurrences"] == 2 and record["speaker_disagreement"]


def test_short_equal_phrases_by_different_people_stay_apart(tmp_path: Path) -> None:
    store = build(tmp_path / "s.db", [
        fake_result("a", [("No comment", "Ann Lee")]),
        fake_result("b", [("No comment", "Bob Stone")]),
        fake_result("c", [("No comment", "Ann Lee")]),
    ])
    sizes = sorted(r[0] for r in store.conn.execute("SELECT n_occurrences FROM clusters"))
    assert sizes == [1, 2]


def test_classify_containment_not_jaccard() -> None:
    def unit(text: str) -> Unit:
        words = normalise(text)
        return Unit(0, 0, words, shingles(words))

    long = unit("one two three four five six seven eight nine ten eleven twelve thirteen "
                "fourteen fifteen sixteen seventeen eighteen nineteen twenty")
    half = unit("one two three four five six seven eight nine ten")
    assert classify(half, long) == (PART, 1.0)  # Jaccard would be under 0.5
    assert classify(long, long)[0] == SAME  # type: ignore[index]
    assert classify(unit("eleven twelve thirteen banana"), long) is None


def test_clusters_do_not_depend_on_order_or_batches(tmp_path: Path) -> None:
    results = [
        *corpus(),
        fake_result("x", [(HALF, "Maria Gonzalez"), ("No comment", "Ann Lee")],
                    published="2024-03-09"),
        fake_result("y", [("No comment", "Ann Lee"), (OTHER[:40], None)]),
    ]
    ref = build(tmp_path / "ref.db", results)
    statements = partition(ref)
    ref.rebuild()
    assert partition(ref) == statements  # the greedy cut is the canonical one here
    reference = queries.canonical_dump(ref.conn)
    rng = random.Random(7)
    for i in range(4):
        shuffled = results[:]
        rng.shuffle(shuffled)
        store = build(tmp_path / f"s{i}.db", shuffled, batch=rng.randint(1, 3))
        assert partition(store) == statements, f"order {i}"  # the same statements ...
        store.rebuild()
        assert queries.canonical_dump(store.conn) == reference, f"order {i}"  # ... and ids


def partition(store: Store) -> list[list[str]]:
    """The statements as sets of attribution keys (whatever the clusters' ids)."""
    return sorted(sorted(r[0] for r in store.conn.execute(
        "SELECT key FROM attributions WHERE cluster_id = ?", (cid,)))
        for (cid,) in store.conn.execute("SELECT cluster_id FROM clusters"))


def synthetic_quotes(n: int, seed: int = 1) -> list[str]:
    """Distinct quote-like sentences over a Zipf-ish vocabulary (stock phrases included)."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    stock = ["we are going to", "at the end of the day", "i think that", "it is important",
             "the american people", "we need to"]
    quotes = []
    for _ in range(n):
        words = rng.choices(vocab, weights, k=rng.randint(8, 30))
        words.insert(rng.randrange(len(words)), rng.choice(stock))
        quotes.append(" ".join(words))
    return quotes


def test_candidate_pairs_grow_with_matches_not_with_the_corpus(tmp_path: Path) -> None:
    n = 1500
    quotes = synthetic_quotes(n)
    results = [fake_result(f"a{i}", [(q, f"Speaker Number{i % 50}")])
               for i, q in enumerate(quotes)]
    store = build(tmp_path / "s.db", results, batch=100)
    all_pairs = n * (n - 1) // 2  # what comparing every pair would check: 1,124,250
    assert store.candidate_pairs < 5 * n < all_pairs / 100, store.candidate_pairs


def test_a_wordings_candidates_stay_bounded_as_common_shingles_gain_holders(
        tmp_path: Path) -> None:
    # 400 different statements that share nothing but common words: every shingle of a
    # new wording made of those words has ever more holders as the store grows, and the
    # probe must not collect more of them batch after batch
    from quotetrail.corpus.clusters import PROBE_BUDGET
    common = [
        "we", "will", "keep", "the", "promise", "we", "made",
        "to", "the", "people", "of", "this", "town",
    ]  # fmt: skip
    rng = random.Random(7)
    filler = []
    for i in range(400):  # each with one word of its own, somewhere
        words = common[:]
        words.insert(rng.randrange(len(words) + 1), f"w{i}")
        filler.append(" ".join(words))
    target = ("we will keep the promise we made to the people of this town and we will "
              "finish the harbour bridge before the spring floods")
    results = [fake_result("first", [(target, "Ines Moreau")], published="2024-01-01")]
    results += [fake_result(f"f{i}", [(q, f"Speaker Number{i % 40}")])
                for i, q in enumerate(filler)]
    store = build(tmp_path / "s.db", results, batch=50)
    # a wording made of nothing but common shingles (each held by hundreds of wordings):
    # its candidates are bounded by the budget, however many share them
    outcome = store.add_batch([fake_result("common", [(" ".join(common), "Tom Baker")])])
    assert outcome.candidate_pairs <= min(PROBE_BUDGET, 16) + 1, outcome.candidate_pairs
    # a truncation of an old statement still finds it through its rarest shingles
    late = "the people of this town and we will finish the harbour bridge before the spring"
    store.add_batch([fake_result("late", [(late, "Moreau")], published="2024-02-01")])
    clusters = by_text(store)
    assert late in clusters[target]["variants"]


@pytest.mark.parametrize("text_case", ["curly", "straight"])
def test_quotation_marks_and_apostrophes_do_not_make_variants(
        tmp_path: Path, text_case: str) -> None:
    mark = "’" if text_case == "curly" else "'"
    store = build(tmp_path / "s.db", [
        fake_result("a", [("We don’t have the money for these roads this year", "Ann Lee")]),
        fake_result("b", [(f"We don{mark}t have the money for these roads this year!",
                           "Ann Lee")]),
    ])
    (record,) = by_text(store).values()
    assert record["n_occurrences"] == 2 and len(record["variants"]) == 1


def test_a_wording_keeps_its_shingles_and_older_rows_without_them_still_link(
        tmp_path: Path) -> None:
    from quotetrail.corpus.clusters import unpack_grams
    from quotetrail.corpus.text import normalise, shingles

    with Store(tmp_path / "s.db") as store:
        store.add_batch([fake_result("a", [(FULL, "Maria Gonzalez")])])
        norm, packed = store.conn.execute("SELECT norm, grams FROM units").fetchone()
        assert unpack_grams(packed) == shingles(normalise(norm))
        # a row stored before shingles were kept (migration 7) is shingled when loaded
        store.conn.execute("UPDATE units SET grams = NULL")
        store.unit_cache.clear()
        store.add_batch([fake_result("b", [(HALF, "Maria Gonzalez")])])
        ids = {r[0] for r in store.conn.execute("SELECT cluster_id FROM attributions")}
        assert len(ids) == 1


@given(st.lists(st.sampled_from(["the", "of", "we", "will", "rebuild", "school", "tax", "it"]),
                max_size=30))
def test_function_word_counts_are_keyed_by_exactly_the_wordings_shingles(
        words: list[str]) -> None:
    """Indexing takes a wording's shingles from the keys of its function-word counts (one
    hash per shingle): they must be the shingles, repeated ones included once."""
    counts = function_word_counts(words)
    assert set(counts) == shingles(words)
    assert all(0 <= n <= 3 for n in counts.values())


_FEW_WORDS = st.sampled_from(["we", "will", "get", "out", "now", "the", "tax", "school"])


@given(st.lists(st.lists(_FEW_WORDS, max_size=24), min_size=2, max_size=5))
def test_a_batchs_run_sets_find_the_runs_that_comparing_word_lists_finds(
        wordings: list[list[str]]) -> None:
    """find_links builds each wording's runs once per batch; every pair it compares must
    get the longest of the 8- and 6-word runs that comparing the two word lists finds,
    whichever pairs came first."""
    units = [Unit(i, i, words, shingles(words)) for i, words in enumerate(wordings)]
    runs = _Runs()
    for u in units:
        for v in reversed(units):
            expected = 8 if has_run(u.words, v.words, 8) else \
                6 if has_run(u.words, v.words, 6) else 0
            assert runs.shared(u, v) == expected


def test_light_words_stem_inflections_alike() -> None:
    """The rewording test compares crude stems: inflections meet, function words drop."""
    assert light_words(["getting", "out", "closed"]) == light_words(["get", "out", "close"])
    assert light_words(["the", "tax", "of", "the", "school"]) == {"tax", "school"}
    assert light_words(["stopped", "quickly", "runs", "calls"]) == {"stop", "quick", "run", "call"}
