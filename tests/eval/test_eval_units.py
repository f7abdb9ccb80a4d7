"""``quotetrail.evaluation`` on tiny PolNeAR-format folders written here (invented text).

Each test states one rule of the metrics (DESIGN.md, "Measuring") on an article
small enough to check by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotetrail import errors
from quotetrail import evaluation as qe

Offsets = tuple[int, int]


def at(text: str, part: str, nth: int = 0) -> Offsets:
    """Offsets of the ``nth`` occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def frag(*spans: Offsets) -> str:
    return ";".join(f"{s} {e}" for s, e in spans)


class Ann:
    """Builds brat standoff the way PolNeAR writes it (T lines, then E lines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[str] = []
        self.n_t = 0
        self.n_e = 0

    def t(self, kind: str, *spans: Offsets) -> str:
        self.n_t += 1
        shown = " ".join(self.text[s:e] for s, e in spans).replace("\n", " ")
        self.lines.append(f"T{self.n_t}\t{kind} {frag(*spans)}\t{shown}")
        return f"T{self.n_t}"

    def event(self, content: list[Offsets] | None, source: Offsets | None = None,
              cue: Offsets | None = None, content2: Offsets | None = None) -> str:
        roles = []
        if cue is not None:
            trigger = self.t("Attribution", cue)
            roles.append(f"Cue:{self.t('Cue', cue)}")
        else:
            trigger = self.t("Attribution", content[0] if content else (0, 1))
        if source is not None:
            roles.append(f"Source:{self.t('Source', source)}")
        if content:
            roles.append(f"Content:{self.t('Content', *content)}")
        if content2 is not None:
            roles.append(f"Content2:{self.t('Content', content2)}")
        self.n_e += 1
        etype = "Attribution" if source is not None else "Attribution-no-source"
        self.lines.append(f"E{self.n_e}\t{etype}:{trigger} " + " ".join(roles))
        return f"E{self.n_e}"

    def dump(self) -> str:
        return "\n".join(self.lines) + "\n"


def make_folder(root: Path, articles: dict[str, tuple[str, Ann | None]]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, (text, ann) in articles.items():
        (root / "text" / f"{name}.txt").write_bytes(text.encode("utf-8"))
        if ann is not None:
            (root / "attributions" / f"{name}_aa01.ann").write_text(ann.dump(), encoding="utf-8")
    return root


def pred(content: Offsets, source: Offsets | None = None, cue: Offsets | None = None,
         kind: str | None = "direct") -> qe.Prediction:
    return qe.Prediction(content=content, source=source, cue=cue, kind=kind)


def gold_att(content: Offsets, source: Offsets | None = None, cue: Offsets | None = None,
             direct: bool = True, eid: str = "E1") -> qe.GoldAttribution:
    return qe.GoldAttribution(eid=eid, content=content, source=source, cue=cue, direct=direct)


IOU = qe.REGIMES[2]
GGT3 = qe.REGIMES[0]

# -- an invented article used by several tests ------------------------------------

HARBOUR = (
    "Port officials met on Tuesday.\n"
    "“We will dredge the channel before the winter storms,” said Mara Quist, the harbour "
    "master. “Nobody wants another grounding.”\n"
    "The council believes the budget is too small, according to minutes seen by the Gazette.\n"
    "Quist called the plan ''overdue''.\n"
)


@pytest.fixture
def harbour(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Four attributions: a split direct quote, an indirect belief, an evidence
    attribution without source, and a mixed one quoted with two apostrophes."""
    t = HARBOUR
    ann = Ann(t)
    ids = {
        "split": ann.event([at(t, "“We will dredge"), at(t, "grounding.”")], at(t, "Mara Quist"),
                           at(t, "said")),
        "belief": ann.event([(t.index("the budget"), t.index(", according"))],
                            at(t, "The council"), at(t, "believes")),
        "evidence": ann.event([(t.index("The council"), t.index(", according"))], None,
                              at(t, "according to")),
        "mixed": ann.event([(t.index("the plan"), t.index("''.") + 2)], at(t, "Quist", 1),
                           at(t, "called")),
    }
    # Make the split quote one discontinuous content: first fragment to the end of the
    # first piece, second fragment the second piece.
    first = (t.index("“We will"), t.index("storms,”") + len("storms,”"))
    second = (t.index("“Nobody"), t.index("grounding.”") + len("grounding.”"))
    ann.lines = [line.replace(frag(at(t, "“We will dredge"), at(t, "grounding.”")),
                              frag(first, second)) for line in ann.lines]
    return make_folder(tmp_path / "gold", {"gazette_2024-01-02_harbour": (t, ann)}), ids


# -- reading gold -----------------------------------------------------------------


def test_gold_roles_are_reduced_to_envelopes(harbour: tuple[Path, dict[str, str]]) -> None:
    folder, ids = harbour
    article = qe.load_gold(folder).articles["gazette_2024-01-02_harbour"]
    by_eid = {g.eid: g for g in article.attributions}
    split = by_eid[ids["split"]]
    assert HARBOUR[split.content[0]:split.content[1]].startswith("“We will dredge")
    assert HARBOUR[split.content[0]:split.content[1]].endswith("grounding.”")
    assert by_eid[ids["evidence"]].source is None
    assert [g.content for g in article.attributions] == sorted(g.content
                                                              for g in article.attributions)


def test_direct_means_a_double_quotation_mark(harbour: tuple[Path, dict[str, str]]) -> None:
    folder, ids = harbour
    plain = {g.eid: g.direct for g in qe.load_gold(folder).articles[
        "gazette_2024-01-02_harbour"].attributions}
    nyt = {g.eid: g.direct for g in qe.load_gold(folder, double_apostrophe=True).articles[
        "gazette_2024-01-02_harbour"].attributions}
    assert plain == {ids["split"]: True, ids["belief"]: False, ids["evidence"]: False,
                     ids["mixed"]: False}
    assert nyt == {**plain, ids["mixed"]: True}


def test_content2_is_more_content_and_a_gap_forms_no_mark() -> None:
    text = "He said it's 'good' and 'fine' now."
    ann = Ann(text)
    ann.event([at(text, "it's 'good'")], at(text, "He"), at(text, "said"),
              content2=at(text, "'fine' now"))
    golds, skipped = qe.parse_ann(ann.dump(), text, double_apostrophe=True)
    assert skipped == 0
    assert golds[0].content == (text.index("it's"), text.index(" now.") + 4)
    # "'good'" + " " + "'fine'": the join has a space, so no '' forms across fragments
    assert golds[0].direct is False


def test_events_may_come_first_and_contentless_events_are_skipped() -> None:
    text = "Ana said “yes.”"
    ann = (
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "E2\tAttribution:T4 Cue:T2 Source:T1\n"
        "#1\tAnnotatorNotes T3\tsure\n"
        "T1\tSource 0 3\tAna\n"
        "T2\tCue 4 8\tsaid\n"
        "T3\tContent 9 15\t“yes.”\n"
        "T4\tAttribution 4 8\tsaid\n"
    )
    golds, skipped = qe.parse_ann(ann, text)
    assert skipped == 1
    assert golds == [qe.GoldAttribution("E1", (9, 15), (0, 3), (4, 8), True)]


def test_first_annotator_in_sorted_order_and_texts_without_annotation(tmp_path: Path) -> None:
    text = "Ana said “yes.” Bo said “no.”"
    first, second = Ann(text), Ann(text)
    first.event([at(text, "“yes.”")], at(text, "Ana"), at(text, "said"))
    second.event([at(text, "“no.”")], at(text, "Bo"), at(text, "said", 1))
    root = make_folder(tmp_path, {"x_1": (text, None), "y_1": ("Nothing.\r\nAt all.", None)})
    (root / "attributions" / "x_1_zz.ann").write_text(second.dump(), encoding="utf-8")
    (root / "attributions" / "x_1_ab.ann").write_text(first.dump(), encoding="utf-8")
    (root / "attributions" / "stray.ann").write_text(second.dump(), encoding="utf-8")
    gold = qe.load_gold(root)
    assert gold.articles["x_1"].ann_file == "x_1_ab.ann"
    assert [g.content for g in gold.articles["x_1"].attributions] == [at(text, "“yes.”")]
    assert gold.articles["y_1"].text == "Nothing.\r\nAt all."  # no newline translation
    stats = gold.stats()
    assert stats["articles"] == 2 and stats["articles_without_ann"] == 1
    assert stats["gold_all"] == 1 and stats["chars"] == len(text) + 17


def test_a_folder_without_text_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(errors.UsageError, match="no text/ folder"):
        qe.load_gold(tmp_path)


# -- reading predictions ----------------------------------------------------------


def test_predictions_from_contract_records_and_their_warnings() -> None:
    lines = [
        json.dumps({"id": "a", "attributions": [
            {"kind": "mixed", "content": {"start": 1, "end": 5, "text": "abcd"},
             "source": None, "cue": {"start": 7, "end": 9}}]}),
        "",
        json.dumps({"id": "a", "attributions": [{"content": {"start": "2", "end": 3.0},
                                                 "source": {"start": "x"}}]}),
        json.dumps({"id": 3, "attributions": []}),
        json.dumps(["not", "a", "record"]),
        json.dumps({"id": "b", "attributions": [{"source": {"start": 1, "end": 2}}, "junk"]}),
    ]
    found = qe.parse_predictions(lines)
    assert found.by_id == {"a": [qe.Prediction((1, 5), None, (7, 9), "mixed"),
                                 qe.Prediction((2, 3), None, None, None)],
                           "b": []}
    text = "\n".join(found.warnings)
    for expected in ("predictions:3: id a repeated", "predictions:3: source: bad span",
                     "predictions:4: no string id", "predictions:5: no string id",
                     "predictions:6: attribution without a valid content span",
                     "predictions:6: attribution is not an object"):
        assert expected in text


def test_a_line_that_is_not_json_stops_the_reading(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a", "attributions": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(qe.PredictionsError, match=r"p\.jsonl:2: not JSON"):
        qe.read_predictions(path)
    with pytest.raises(qe.PredictionsError, match="cannot be read"):
        qe.read_predictions(tmp_path / "missing.jsonl")


def test_pieces_sharing_cue_and_source_are_merged() -> None:
    pieces = {"a": [pred((10, 20), (0, 3), (4, 8), "direct"),
                    pred((30, 40), None, None),
                    pred((50, 60), (0, 3), (4, 8), "mixed"),
                    pred((70, 80), (1, 3), (4, 8)),
                    pred((90, 95), None, None)]}
    assert qe.merge_pieces(pieces) == {"a": [pred((10, 60), (0, 3), (4, 8), "direct"),
                                             pred((30, 40)), pred((70, 80), (1, 3), (4, 8)),
                                             pred((90, 95))]}


# -- measures and matching --------------------------------------------------------


def test_coverage_and_iou() -> None:
    assert qe.coverage((10, 20), (0, 100)) == 1.0
    assert qe.iou((10, 20), (0, 100)) == 0.1
    assert qe.coverage((10, 20), (15, 25)) == 0.5
    assert qe.iou((10, 20), (15, 25)) == 5 / 15
    assert qe.coverage((10, 10), (0, 100)) == 0.0  # an empty gold is never covered
    assert qe.iou((10, 10), (10, 10)) == 0.0
    assert qe.iou((10, 20), (20, 10)) == 0.0  # a reversed span is empty


def test_threshold_is_inclusive() -> None:
    golds = [gold_att((0, 10))]
    assert qe.score_article(golds, [pred((0, 5))], IOU).counts().tp == 1  # exactly 0.5
    assert qe.score_article(golds, [pred((0, 4))], IOU).counts().tp == 0
    assert qe.score_article(golds, [pred((7, 40))], GGT3).counts().tp == 1  # covers 0.3


def test_greedy_in_gold_order_and_the_earliest_prediction_wins_a_tie() -> None:
    golds = [gold_att((0, 10), source=(50, 53), eid="E1"),
             gold_att((3, 12), source=(60, 63), eid="E2")]
    # Both predictions score the same against E1; the first in the file takes it.
    preds = [pred((0, 10), source=(60, 63)), pred((0, 10), source=(50, 53))]
    out = qe.score_article(golds, preds, IOU)
    assert [(m.gold.eid, m.pred.source) for m in out.matches] == [("E1", (60, 63)),
                                                                  ("E2", (50, 53))]
    assert [m.source_ok for m in out.matches] == [False, False]
    # E1 takes the better of two, even when it is listed second; E2 gets the other
    out = qe.score_article(golds, [pred((4, 14)), pred((0, 10))], IOU)
    assert [(m.gold.eid, m.pred.content) for m in out.matches] == [("E1", (0, 10)),
                                                                  ("E2", (4, 14))]


def test_source_and_cue_need_one_shared_character_or_both_absent() -> None:
    g = gold_att((0, 10), source=(20, 25), cue=None)
    cases = {((24, 30), None): (True, True), ((25, 30), None): (False, True),
             (None, (26, 30)): (False, False), ((20, 21), (26, 30)): (True, False)}
    for (source, cue), expected in cases.items():
        m = qe.score_article([g], [pred((0, 10), source, cue)], IOU).matches[0]
        assert (m.source_ok, m.cue_ok) == expected


def test_out_of_subset_predictions_are_ignored_after_or_dropped_before() -> None:
    direct = gold_att((0, 10), eid="E1")
    indirect = gold_att((20, 40), direct=False, eid="E2")
    preds = [pred((20, 26)), pred((0, 30)), pred((60, 70))]
    after = qe.score_article([direct, indirect], preds, GGT3, "direct", "after")
    assert after.counts() == qe.Counts(tp=1, fp=1, fn=0, ignored_pred=1, speaker_ok=1,
                                       cue_ok=1)
    assert after.matches[0].pred.content == (0, 30)
    before = qe.score_article([direct, indirect], preds, GGT3, "direct", "before")
    # (0, 30) covers half the indirect gold, so it is dropped and cannot match E1 either
    assert before.counts() == qe.Counts(tp=0, fp=1, fn=1, ignored_pred=2)
    every = qe.score_article([direct, indirect], preds, GGT3, "all")
    assert every.counts().tp == 2 and every.counts().fp == 1


def test_figures_with_nothing_to_count_are_none() -> None:
    assert qe.figures(qe.Counts())["precision"] is None
    f = qe.figures(qe.Counts(fp=3))
    assert (f["precision"], f["recall"], f["f1"], f["speaker_acc"]) == (0.0, None, None, None)
    f = qe.figures(qe.Counts(fp=1, fn=1))
    assert f["f1"] == 0.0


# -- the whole report -------------------------------------------------------------


def two_publishers(tmp_path: Path) -> qe.GoldSet:
    a = "“Rain is coming,” said Lu Fen. Lu Fen thinks the roof will hold."
    b = "“The bridge opens Monday,” the mayor said."
    ann_a, ann_b = Ann(a), Ann(b)
    ann_a.event([at(a, "“Rain is coming,”")], at(a, "Lu Fen"), at(a, "said"))
    ann_a.event([at(a, "the roof will hold")], at(a, "Lu Fen", 1), at(a, "thinks"))
    ann_b.event([at(b, "“The bridge opens Monday,”")], at(b, "the mayor"), at(b, "said"))
    root = make_folder(tmp_path / "gold", {"north_1_a": (a, ann_a), "south_1_b": (b, ann_b),
                                           "south_2_c": ("No one spoke.", None)})
    return qe.load_gold(root)


def two_publishers_predictions(gold: qe.GoldSet) -> dict[str, list[qe.Prediction]]:
    a, b = gold.articles["north_1_a"].text, gold.articles["south_1_b"].text
    return {
        "north_1_a": [pred(at(a, "Rain is coming,"), at(a, "Lu Fen"), at(a, "said")),
                      pred(at(a, "the roof"), at(a, "Lu Fen", 1), at(a, "thinks"), "indirect")],
        "south_1_b": [pred(at(b, "The bridge opens Monday"), at(b, "mayor"), None, "direct")],
        "south_2_c": [pred((0, 6), None, None, "mixed")],
        "elsewhere": [pred((0, 1))],
    }


def test_breakdowns_by_kind_gold_type_and_publisher(tmp_path: Path) -> None:
    gold = two_publishers(tmp_path)
    report = qe.evaluate(gold, two_publishers_predictions(gold), "all", resamples=0)
    iou = report.regimes["iou@0.5"]
    assert iou.counts == qe.Counts(tp=2, fp=2, fn=1, speaker_ok=2, cue_ok=1)
    assert iou.by_predicted_kind() == {
        "direct": {"tp": 2, "fp": 0, "precision": 1.0, "speaker_acc": 1.0, "cue_acc": 0.5},
        "mixed": {"tp": 0, "fp": 1, "precision": 0.0, "speaker_acc": None, "cue_acc": None},
        "indirect": {"tp": 0, "fp": 1, "precision": 0.0, "speaker_acc": None, "cue_acc": None},
    }
    assert iou.by_gold_type() == {
        "direct": {"tp": 2, "fn": 0, "recall": 1.0, "speaker_acc": 1.0, "cue_acc": 0.5},
        "other": {"tp": 0, "fn": 1, "recall": 0.0, "speaker_acc": None, "cue_acc": None},
    }
    pubs = iou.by_publisher()
    assert list(pubs) == ["north", "south"]
    assert pubs["south"]["articles"] == 2
    assert (pubs["south"]["tp"], pubs["south"]["fp"], pubs["south"]["fn"]) == (1, 1, 0)
    assert pubs["north"]["recall"] == 0.5
    # under coverage >= 0.3 the short "the roof" still covers the belief: 3 of 3
    assert report.regimes["ggt@0.3"].by_gold_type()["other"]["recall"] == 1.0
    d = report.to_dict()
    assert d["unknown_pred_ids"] == ["elsewhere"] and d["n_pred"] == 4
    assert d["regimes"]["iou@0.5"]["ci95"] is None


def test_bootstrap_is_reproducible_and_brackets_the_figure(tmp_path: Path) -> None:
    gold = two_publishers(tmp_path)
    preds = two_publishers_predictions(gold)
    one = qe.evaluate(gold, preds, "all", resamples=200, seed=5).to_dict()
    again = qe.evaluate(gold, preds, "all", resamples=200, seed=5).to_dict()
    other = qe.evaluate(gold, preds, "all", resamples=200, seed=6).to_dict()
    assert one == again
    assert one["bootstrap"] == {"resamples": 200, "seed": 5, "level": 0.95, "unit": "article"}
    for name, fig in one["regimes"].items():
        for metric in qe.METRICS:
            lo, hi = fig["ci95"][metric]
            assert lo <= fig[metric] <= hi, (name, metric)
    assert one["regimes"]["iou@0.5"]["ci95"]["precision"][0] < 0.5 < \
        one["regimes"]["iou@0.5"]["ci95"]["precision"][1]
    ours = [one["regimes"][n]["ci95"] for n in one["regimes"]]
    assert ours != [other["regimes"][n]["ci95"] for n in other["regimes"]]


def test_bootstrap_of_one_article_is_the_figure_itself() -> None:
    counts = {"r": [qe.Counts(tp=3, fp=1, fn=1, speaker_ok=2, cue_ok=3)]}
    ci = qe.bootstrap_intervals(counts, resamples=20)["r"]
    assert ci["precision"] == (0.75, 0.75) and ci["cue_acc"] == (1.0, 1.0)
    assert qe.bootstrap_intervals({"r": [qe.Counts(fn=2)]}, 20)["r"]["precision"] is None


def test_errors_name_every_miss_false_positive_and_wrong_role(tmp_path: Path) -> None:
    filler = "The meeting began with routine business about parking permits and signs. " * 3
    text = filler + "“We are ready,” said Dov Arad. Arad said the vote was fair. " + filler
    ann = Ann(text)
    ann.event([at(text, "“We are ready,”")], at(text, "Dov Arad"), at(text, "said"))
    ann.event([at(text, "the vote was fair")], at(text, "Arad", 1), at(text, "said", 1))
    gold = qe.load_gold(make_folder(tmp_path / "g", {"local_x": (text, ann)}))
    preds = {"local_x": [pred(at(text, "We are ready"), at(text, "Dov"), None),
                         pred(at(text, "the vote"), at(text, "Arad", 1), at(text, "said", 1),
                              "indirect"),
                         pred(at(text, "routine business", 2), None, None, "mixed")]}
    report = qe.evaluate(gold, preds, "all", resamples=0)
    path = tmp_path / "errors.jsonl"
    n = qe.write_errors(report, path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert n == len(records)
    iou = [r for r in records if r["regime"] == "iou@0.5"]
    assert sorted(r["outcome"] for r in iou) == ["fn", "fp", "fp", "mismatch"]
    fn = next(r for r in iou if r["outcome"] == "fn")
    start, end = at(text, "the vote was fair")
    assert fn["gold"]["content"] == {"start": start, "end": end, "text": "the vote was fair"}
    assert fn["context"] == {"before": text[start - 100:start], "after": text[end:end + 100]}
    assert fn["nearest_pred"]["content"]["text"] == "the vote"
    assert fn["nearest_pred"]["score"] == 8 / 17 and fn["nearest_pred"]["matched"] is False
    assert (fn["id"], fn["publisher"], fn["subset"]) == ("local_x", "local", "all")
    fp = next(r for r in iou if r["outcome"] == "fp" and r["pred"]["kind"] == "indirect")
    assert fp["nearest_gold"]["eid"] == "E2" and fp["nearest_gold"]["in_subset"] is True
    noise = next(r for r in iou if r["outcome"] == "fp" and r["pred"]["kind"] == "mixed")
    assert "nearest_gold" not in noise
    assert len(noise["context"]["after"]) == 100
    mismatch = next(r for r in iou if r["outcome"] == "mismatch")
    assert (mismatch["source_ok"], mismatch["cue_ok"]) == (True, False)
    assert mismatch["gold"]["cue"]["text"] == "said" and mismatch["pred"]["cue"] is None
    ggt = [r["outcome"] for r in records if r["regime"] == "ggt@0.3"]
    assert sorted(ggt) == ["fp", "mismatch"]  # "the vote" covers 0.47 of its gold


def test_table_shows_figures_intervals_and_breakdowns(tmp_path: Path) -> None:
    gold = two_publishers(tmp_path)
    report = qe.evaluate(gold, two_publishers_predictions(gold), "direct", resamples=100)
    table = qe.format_table(report, "p.jsonl")
    for expected in ("predictions: p.jsonl", "subset direct", "95 % intervals",
                     "precision by predicted kind", "recall by gold type", "by publisher",
                     "north", "south", "iou@0.5", "ignored 1 prediction ids"):
        assert expected in table
    assert "95 % intervals" not in qe.format_table(qe.evaluate(gold, {}, resamples=0))


def test_bad_subset_is_a_usage_error(tmp_path: Path) -> None:
    gold = two_publishers(tmp_path)
    with pytest.raises(errors.UsageError):
        qe.evaluate(gold, {}, "quotes")
