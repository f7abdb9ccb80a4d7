"""One statement, one cluster: the rules of docs/corpus.md, each on quotes written here.

Fragments and rewordings join when the speaker agrees or is unknown; stock phrases two
speakers use never glue their statements; an exact run of eight words joins whoever is
credited (re-quote, misattribution), as do the words inside another speaker's quotation
marks; a fragment inside two statements of one speaker merges neither; the order the
articles come in does not change the statements.  Trails order by UTC time, a date-only
occurrence after that day's timestamps, the undated last.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from corpus_fixtures import fake_result

from quotetrail.corpus import queries
from quotetrail.corpus.store import Store

ORDER = ("The ferry will run every hour from the first of June, and the fares will stay "
         "exactly where they are for children and pensioners")
OTHER_ORDER = ("The night bus will run every hour from the first of June, and the depot "
               "will stay open until two in the morning")
STOCK = "at the end of the day"


def store_of(tmp_path: Path, results: list[Any], name: str = "s.db") -> Store:
    store = Store(tmp_path / name)
    for r in results:
        store.add_batch([r])
    return store


def cluster(store: Store, article_id: str, n: int = 0) -> str:
    rows = store.conn.execute(
        "SELECT a.cluster_id FROM attributions a JOIN articles ar ON ar.rowid = a.article "
        "WHERE ar.article_id = ? ORDER BY a.idx, a.key", (article_id,)).fetchall()
    return str(rows[n][0])


def test_a_three_word_fragment_joins_its_speakers_statement_in_either_order(
        tmp_path: Path) -> None:
    full = fake_result("full", [(ORDER, "Ines Moreau")], published="2024-06-01")
    frag = fake_result("frag", [], mixed=[("Moreau said the ferry would run “every hour "
                                           "from” June.", ["every hour from"], "Moreau")],
                       published="2024-06-02")
    for order in ([full, frag], [frag, full]):
        store = store_of(tmp_path, order, name=f"{order[0].id}.db")
        assert cluster(store, "full") == cluster(store, "frag")
        store.close()


def test_a_three_word_fragment_credited_to_no_one_joins_nothing(tmp_path: Path) -> None:
    store = store_of(tmp_path, [
        fake_result("full", [(ORDER, "Ines Moreau")]),
        fake_result("frag", [], mixed=[("Officials said the ferry would run “every hour "
                                        "from” June.", ["every hour from"], None)])])
    assert cluster(store, "full") != cluster(store, "frag")


def test_a_longer_fragment_credited_to_no_one_joins_the_statement(tmp_path: Path) -> None:
    store = store_of(tmp_path, [
        fake_result("full", [(ORDER, "Ines Moreau")]),
        fake_result("frag", [], mixed=[("Officials said the fares would “stay exactly where "
                                        "they are” this summer.",
                                        ["stay exactly where they are"], None)])])
    assert cluster(store, "full") == cluster(store, "frag")


def test_a_fragment_whose_closing_mark_the_span_left_out_joins_its_statement(
        tmp_path: Path) -> None:
    # the engine's content stops before the closing mark, so it has no fragment; the
    # words after the opening mark are still what it quotes
    cut = "Moreau’s promise that “the fares will stay exactly where they are for children"
    store = store_of(tmp_path, [
        fake_result("full", [(ORDER, "Ines Moreau")], published="2024-06-01"),
        fake_result("cut", [], mixed=[(cut, [], "Ines Moreau")], published="2024-06-02"),
        fake_result("other", [(OTHER_ORDER, "Ines Moreau")], published="2024-06-03")])
    assert cluster(store, "full") == cluster(store, "cut")
    assert cluster(store, "other") != cluster(store, "full")
    record = queries.cluster(store.conn, cluster(store, "cut"))
    assert record is not None
    # what the cluster shows as quoted is the speaker's words, not the reporter's frame
    assert not any("promise" in v for v in record["variants"])


def test_unclosed_quotation_takes_the_words_after_the_last_opening_mark() -> None:
    from quotetrail.corpus.clusters import unclosed_quotation, wordings
    assert unclosed_quotation("his call for “a total ban on it") == "a total ban on it"
    assert unclosed_quotation('his call for "a total ban on it') == "a total ban on it"
    assert unclosed_quotation("that he ''would certainly do that") == "would certainly do that"
    assert unclosed_quotation("his call for “a total ban” on it") is None  # closed
    assert unclosed_quotation("the kids' toys and “two words") is None      # too short
    assert unclosed_quotation("no quotation marks here at all") is None
    assert wordings("mixed", "his call for “a total ban on it", []) == ["a total ban on it"]
    # a direct quote is its content, marks or not
    assert wordings("direct", "his call for “a total ban on it", []) == [
        "his call for “a total ban on it"]


def test_a_stock_phrase_two_speakers_use_glues_nothing(tmp_path: Path) -> None:
    store = store_of(tmp_path, [
        fake_result("a", [(f"{STOCK}, the ferry is a lifeline for the island", "Ines Moreau")]),
        fake_result("b", [(f"{STOCK}, the depot belongs to the drivers who built it",
                           "Tomasz Rybak")]),
        fake_result("a2", [(STOCK, "Ines Moreau")]),    # each says it alone, too
        fake_result("b2", [(STOCK, "Tomasz Rybak")]),
        fake_result("x", [(STOCK, None)]),               # and someone did
    ])
    assert cluster(store, "a") != cluster(store, "b")
    assert cluster(store, "a2") != cluster(store, "b2")
    assert cluster(store, "x") not in {cluster(store, i) for i in ("a", "b", "a2", "b2")}


def test_a_fragment_inside_two_statements_of_one_speaker_merges_neither(
        tmp_path: Path) -> None:
    results = [
        fake_result("one", [(ORDER, "Ines Moreau")]),
        fake_result("two", [(OTHER_ORDER, "Ines Moreau")]),
        fake_result("frag", [], mixed=[("Moreau said services would run “every hour from "
                                        "the first of June”.",
                                        ["every hour from the first of June"], "Moreau")]),
    ]
    for n, order in enumerate(itertools.permutations(results)):
        store = store_of(tmp_path, list(order), name=f"s{n}.db")
        assert cluster(store, "one") != cluster(store, "two"), [r.id for r in order]
        assert cluster(store, "frag") in {cluster(store, "one"), cluster(store, "two")}
        store.rebuild()
        assert cluster(store, "one") != cluster(store, "two"), [r.id for r in order]
        store.close()


def test_a_misattributed_quote_joins_the_statement_and_is_marked(tmp_path: Path) -> None:
    store = store_of(tmp_path, [
        fake_result("right", [(ORDER, "Ines Moreau")], published="2024-06-01"),
        fake_result("right2", [(ORDER, "Ines Moreau")], published="2024-06-01"),
        fake_result("wrong", [(ORDER[:90], "Tomasz Rybak")], published="2024-06-03"),
    ])
    cid = cluster(store, "right")
    assert cluster(store, "wrong") == cid
    record = queries.cluster(store.conn, cid)
    assert record is not None and record["speaker"] == "Ines Moreau"
    assert record["speaker_disagreement"]
    marked = {o["article_id"]: (o["requote"], o["requoted_by"]) for o in record["occurrences"]}
    assert marked == {"right": (False, None), "right2": (False, None),
                      "wrong": (True, "Tomasz Rybak")}


def test_a_wording_credited_to_no_one_passes_no_statement_to_another_speaker(
        tmp_path: Path) -> None:
    # a headline credited to no one holds an eight-word run that two people's statements
    # both contain: it joins one of them, and never carries the other speaker into it
    run = "to take the oath as mayor of the harbour town"
    headline = f"Not Ready {run.title()}"
    rybak = f"Ines Moreau is not ready {run}, because she misled the ferry crews"
    moreau = f"I can say there has never been anyone better prepared {run} than me"
    results = [fake_result("head", [(headline, None)], published="2024-06-01"),
               fake_result("rybak", [(rybak, "Tomasz Rybak")], published="2024-06-01"),
               fake_result("moreau", [(moreau, "Ines Moreau")], published="2024-06-02")]
    for n, order in enumerate(itertools.permutations(results)):
        store = store_of(tmp_path, list(order), name=f"h{n}.db")
        assert cluster(store, "rybak") != cluster(store, "moreau"), [r.id for r in order]
        store.rebuild()
        assert cluster(store, "rybak") != cluster(store, "moreau"), [r.id for r in order]
        store.close()


def test_one_speakers_long_run_joins_a_cut_and_reordered_quote(tmp_path: Path) -> None:
    # the same line, its opening reworded and the rest of the quote cut: no containment,
    # but an exact run of eight words or more credited to one speaker
    long = ("This is a big night for all of us in the campaign. It is probably a two-horse "
            "race from here on out. If you do not want Rybak or Lenz to be the mayor, you "
            "had better get behind Ines Moreau now")
    short = ("Unless you want Lenz or Rybak to be the mayor, you had better get behind Ines "
             "Moreau now")
    for first, second in ((long, short), (short, long)):
        store = store_of(tmp_path, [fake_result("a", [(first, "Piet Conant")]),
                                    fake_result("b", [(second, "Piet Conant")])],
                         name=f"{len(first)}.db")
        assert cluster(store, "a") == cluster(store, "b")
        store.close()
    # a run alone, the wordings otherwise apart, is no re-quote of another speaker (a
    # re-quote contains most of what it repeats): measured, it added a wrong merge
    other = store_of(tmp_path, [fake_result("a", [(long, "Piet Conant")]),
                                fake_result("b", [(short, "Dana Lenz")])], name="two.db")
    assert cluster(other, "a") != cluster(other, "b")
    # one speaker's line in two otherwise different statements joins neither
    line = "will run every hour from the first of June, and the"
    apart = store_of(tmp_path, [
        fake_result("a", [(f"The ferry {line} fares will stay where they are for children",
                           "Piet Conant")]),
        fake_result("b", [(f"The night bus {line} depot will stay open until two in the "
                           "morning", "Piet Conant")])], name="line.db")
    assert cluster(apart, "a") != cluster(apart, "b")


def test_words_inside_another_speakers_quotation_marks_are_a_requote(tmp_path: Path) -> None:
    rival = (f"She told this island ‘{ORDER[:60]},’ and then she cut the evening sailings "
             "without a word to anyone")
    store = store_of(tmp_path, [
        fake_result("order", [(ORDER, "Ines Moreau")], published="2024-06-01"),
        fake_result("rival", [(rival, "Tomasz Rybak")], published="2024-06-04"),
        fake_result("rival2", [(rival, "Tomasz Rybak")], published="2024-06-05"),
    ])
    statement = cluster(store, "order")
    own = cluster(store, "rival", 0)          # the rival's own statement ...
    inner = cluster(store, "rival", 1)        # ... and the words it repeats
    assert own != statement and inner == statement
    assert cluster(store, "rival2", 0) == own
    trail = queries.trail(store.conn, statement)
    requotes = [(o["article_id"], o["requoted_by"]) for o in trail if o["requote"]]
    assert requotes == [("rival", "Tomasz Rybak"), ("rival2", "Tomasz Rybak")]
    assert trail[0]["article_id"] == "order"
    # the article's record is the engine's: one attribution, not the derived re-quote
    record = queries.article(store.conn, "rival")
    assert record is not None and len(record["attributions"]) == 1


def test_trails_order_by_utc_and_never_put_a_date_only_occurrence_first(
        tmp_path: Path) -> None:
    quote = [(ORDER, "Ines Moreau")]
    store = store_of(tmp_path, [
        fake_result("date-only", quote, published="2024-06-02"),
        fake_result("late-local", quote, published="2024-06-01T23:30:00-05:00"),  # 04:30Z
        fake_result("early-utc", quote, published="2024-06-02T01:00:00+00:00"),
        fake_result("undated", quote),
        fake_result("day-before", quote, published="2024-06-01T09:00:00+02:00"),
    ])
    trail = queries.trail(store.conn, cluster(store, "early-utc"))
    assert [(o["article_id"], o["date_precision"]) for o in trail] == [
        ("day-before", "time"), ("early-utc", "time"), ("late-local", "time"),
        ("date-only", "day"), ("undated", None)]


def test_a_light_rewording_is_the_same_statement_and_another_statement_is_not(
        tmp_path: Path) -> None:
    said = ("If you are capable of getting out now, get out now, and do it before the "
            "bridges close tonight")
    reworded = ("If you are able to get out now, get out now and do it before the bridges "
                "are closed tonight")
    other = ("If you are staying tonight, fill the bath with water and keep a radio by the "
             "bed until morning")
    store = store_of(tmp_path, [fake_result("a", [(said, "Ines Moreau")]),
                                fake_result("b", [(reworded, "Moreau")]),
                                fake_result("c", [(other, "Ines Moreau")])])
    assert cluster(store, "a") == cluster(store, "b") != cluster(store, "c")
