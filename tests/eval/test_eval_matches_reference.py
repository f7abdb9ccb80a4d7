"""``quotetrail.evaluation`` gives exactly the numbers of ``../shared/tools/polnear_score.py``.

The reference scorer runs as a subprocess on the same prediction files, for both
subsets, with and without ``--double-apostrophe`` (and the ``before`` out-of-subset
policy, and without merging), and every figure and count of its ``--json`` output
must be equal — not close: the floats come from the same arithmetic.

Predictions: quotetrail's own on PolNeAR dev, and prediction files made from the dev
gold by seeded perturbations that hit every rule of the scorer: exact and duplicate
predictions (ties), split pieces sharing a cue and a source (merged) or not, the
fragments of discontinuous golds, contents shifted across the thresholds, reversed
and empty spans, wrong, adjacent and missing sources and cues, predictions covering
out-of-subset golds, articles left out, empty, repeated or unknown, and malformed
attributions the scorer warns about.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quotetrail import evaluation as qe
from quotetrail.cli import app

Config = tuple[str, bool, str, bool]  # subset, double apostrophe, oos policy, merge

CONFIGS: list[Config] = [
    ("direct", True, "after", True),
    ("direct", False, "after", True),
    ("all", True, "after", True),
    ("all", False, "after", True),
    ("direct", True, "before", True),
]
EXTRA_CONFIGS: list[Config] = [("direct", True, "after", False), ("all", False, "after", False)]

_T_FRAGMENTS = re.compile(r"(T\d+)\t\S+ (\d+ \d+(?:;\d+ \d+)*)")
_E_ROLES = re.compile(r"(E\d+)\t\S+(.*)")


def content_fragments(ann_path: Path) -> dict[str, list[tuple[int, int]]]:
    """Each event's raw content fragments (before reduction), to predict them as pieces."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: dict[str, list[tuple[int, int]]] = {}
    lines = ann_path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if m := _T_FRAGMENTS.match(line):
            spans[m.group(1)] = [(int(a), int(b)) for a, b in
                                 (f.split() for f in m.group(2).split(";"))]
    for line in lines:
        if m := _E_ROLES.match(line):
            frags = []
            for tok in m.group(2).split():
                role, _, ref = tok.partition(":")
                if role.startswith("Content") and ref in spans:
                    frags.extend(spans[ref])
            events[m.group(1)] = frags
    return events


def span(s: tuple[int, int] | None) -> dict[str, int] | None:
    return None if s is None else {"start": s[0], "end": s[1]}


def att(content: tuple[int, int], source: tuple[int, int] | None = None,
        cue: tuple[int, int] | None = None, kind: str = "direct") -> dict[str, Any]:
    return {"kind": kind, "content": span(content), "source": span(source), "cue": span(cue)}


def perturbed(gold: qe.GoldSet, seed: int) -> list[dict[str, Any]]:
    """Prediction lines made from the gold by seeded perturbations (see the module doc)."""
    rng = random.Random(seed)
    lines: list[dict[str, Any]] = []
    ann_dir = Path(gold.folder) / "attributions"
    for n, (aid, article) in enumerate(sorted(gold.articles.items())):
        if n % 17 == 5:
            continue  # no line at all: every gold is missed
        if n % 17 == 9:
            lines.append({"id": aid, "attributions": []})
            continue
        if n % 17 == 13:
            lines.append({"id": aid, "attributions": None})
            continue
        fragments = content_fragments(ann_dir / article.ann_file) if article.ann_file else {}
        text_len = len(article.text)
        atts: list[dict[str, Any]] = []
        golds = article.attributions
        for i, g in enumerate(golds):
            (s, e), src, cue = g.content, g.source, g.cue
            length = max(1, e - s)
            other_src = None if src is None else (src[1], src[1] + 3)  # adjacent: no overlap
            frags = fragments.get(g.eid, [])
            ops = rng.sample(["exact", "dup", "split", "split_two_sources", "shift", "shrink",
                              "extend", "half", "tie", "no_source", "adjacent_source",
                              "no_cue", "reversed", "empty", "two_golds", "skip", "fragments",
                              "first_fragment"], k=rng.choice([1, 1, 2, 3]))
            for op in ops:
                if op == "exact":
                    atts.append(att((s, e), src, cue))
                elif op == "dup":
                    atts += [att((s, e), other_src, cue), att((s, e), src, cue)]
                elif op == "split":
                    m = (s + e) // 2
                    atts += [att((s, m), src, cue, "mixed"), att((m, e), src, cue)]
                elif op == "split_two_sources":
                    m = (s + e) // 2
                    atts += [att((s, m), src, cue), att((m, e), other_src, cue)]
                elif op == "shift":
                    d = int(length * rng.choice([0.19, 0.2, 0.5, 0.51, 0.7, 0.71]))
                    d = d if rng.random() < 0.5 else -d
                    atts.append(att((max(0, s + d), max(0, e + d)), src, cue, "indirect"))
                elif op == "shrink":
                    a, b = rng.randint(0, length // 2), rng.randint(0, length // 2)
                    atts.append(att((s + a, max(s + a, e - b)), src, cue))
                elif op == "extend":
                    a, b = rng.randint(0, length), rng.randint(0, length)
                    atts.append(att((max(0, s - a), min(text_len, e + b)), src, cue))
                elif op == "half":
                    atts.append(att((s, s + length // 2), src, cue))
                elif op == "tie":  # equal scores: the earlier one in the file must win
                    h = length // 2 + 1
                    atts += [att((e - h, e), None, None), att((s, s + h), src, cue)]
                elif op == "no_source":
                    atts.append(att((s, e), None, cue))
                elif op == "adjacent_source":
                    atts.append(att((s, e), other_src, cue))
                elif op == "no_cue":
                    atts.append(att((s, e), src, None, "mixed"))
                elif op == "reversed":
                    atts.append(att((e, s), src, cue))
                elif op == "empty":
                    atts.append(att((s, s), src, cue))
                elif op == "two_golds" and i + 1 < len(golds):
                    atts.append(att((s, golds[i + 1].content[1]), src, cue))
                elif op == "fragments" and len(frags) > 1:
                    atts += [att(f, src, cue) for f in frags]
                elif op == "first_fragment" and frags:
                    atts.append(att(frags[0], src, cue))
        for _ in range(rng.randint(0, 3)):  # noise: false positives, or ignored ones
            a = rng.randrange(max(1, text_len - 50))
            atts.append(att((a, a + rng.randint(1, 300)), (a, a + 2), None, "indirect"))
        rng.shuffle(atts)
        if n % 11 == 3 and len(atts) > 1:  # the same id twice: attributions appended
            half = len(atts) // 2
            lines += [{"id": aid, "attributions": atts[:half]},
                      {"id": aid, "attributions": atts[half:]}]
        else:
            lines.append({"id": aid, "attributions": atts})
    # malformed attributions the scorer warns about, and ids it ignores
    first = sorted(gold.articles)[0]
    lines.append({"id": first, "attributions": [
        {"content": None}, {"source": {"start": 1, "end": 4}},
        {"content": {"start": "10", "end": 40.0}, "source": {"start": "x"}, "cue": [1, 2]},
        {"content": {"start": 3}}]})
    lines.append({"id": "no-such-article", "attributions": [att((0, 10))]})
    lines.append({"id": "another_unknown", "attributions": []})
    return lines


def write_lines(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines) + "\n", encoding="utf-8")
    return path


def run_reference(scorer: Path, gold_dir: Path, pred: Path, config: Config) -> dict[str, Any]:
    subset, double_apostrophe, policy, merge = config
    cmd = [sys.executable, str(scorer), "--gold-dir", str(gold_dir), "--pred", str(pred),
           "--subset", subset, "--oos-policy", policy, "--json"]
    cmd += ["--double-apostrophe"] if double_apostrophe else []
    cmd += [] if merge else ["--no-merge-by-cue"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def prediction_files(dev_predictions_file: Path, dev_gold: qe.GoldSet,
                     tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("tricky")
    return {"quotetrail": dev_predictions_file,
            "perturbed-1": write_lines(tmp / "perturbed-1.jsonl", perturbed(dev_gold, 1)),
            "perturbed-2": write_lines(tmp / "perturbed-2.jsonl", perturbed(dev_gold, 2))}


def cases() -> list[tuple[str, Config]]:
    found = [(name, c) for name in ("quotetrail", "perturbed-1", "perturbed-2") for c in CONFIGS]
    return found + [("perturbed-1", c) for c in EXTRA_CONFIGS]


@pytest.fixture(scope="session")
def reference_results(reference_scorer: Path, polnear_dev: Path,
                      prediction_files: dict[str, Path]) -> dict[tuple[str, Config], dict]:
    """Every reference run at once, two at a time (the machines have two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case: pool.submit(run_reference, reference_scorer, polnear_dev,
                                     prediction_files[case[0]], case[1]) for case in cases()}
        return {case: f.result() for case, f in futures.items()}


def assert_same_figures(mine: dict[str, Any], reference: dict[str, Any]) -> None:
    """Every key of the reference output, equal; ours adds keys only inside regimes."""
    ours = {k: v for k, v in mine.items() if k != "bootstrap"}
    assert set(ours) == set(reference)
    for key, value in reference.items():
        if key != "regimes":
            assert ours[key] == value, key
    assert list(ours["regimes"]) == list(reference["regimes"])
    for name, figs in reference["regimes"].items():
        assert {k: ours["regimes"][name][k] for k in figs} == figs, name


@pytest.mark.shared
@pytest.mark.parametrize(("name", "config"), cases(), ids=lambda x: str(x))
def test_same_numbers_as_the_reference_scorer(
        name: str, config: Config, prediction_files: dict[str, Path],
        reference_results: dict[tuple[str, Config], dict], dev_gold: qe.GoldSet,
        dev_gold_plain: qe.GoldSet) -> None:
    subset, double_apostrophe, policy, merge = config
    gold = dev_gold if double_apostrophe else dev_gold_plain
    predictions = qe.read_predictions(prediction_files[name])
    report = qe.evaluate(gold, predictions, subset, oos_policy=policy, merge=merge, resamples=0)
    assert_same_figures(report.to_dict(), reference_results[(name, config)])


@pytest.mark.shared
def test_the_tricky_files_exercise_every_outcome(
        reference_results: dict[tuple[str, Config], dict]) -> None:
    """Guard against a perturbation generator that quietly stops testing anything."""
    direct = reference_results[("perturbed-1", CONFIGS[0])]
    every = reference_results[("perturbed-1", CONFIGS[2])]
    for res in (direct, every):
        for m in res["regimes"].values():
            assert m["tp"] and m["fp"] and m["fn"]
            assert m["tp"] > m["speaker_ok"] and m["tp"] > m["cue_ok"]
    assert all(m["ignored_pred"] for m in direct["regimes"].values())
    assert direct["unknown_pred_ids"] == ["another_unknown", "no-such-article"]
    assert direct["n_articles_with_pred"] < direct["corpus"]["articles"]
    unmerged = reference_results[("perturbed-1", EXTRA_CONFIGS[0])]
    assert unmerged["n_pred"] > direct["n_pred"]  # pieces were merged
    assert direct["corpus"]["events_skipped_no_content"] >= 1


@pytest.mark.shared
def test_in_memory_predictions_score_as_their_file(dev_gold: qe.GoldSet,
                                                   dev_predictions: qe.PredictionSet,
                                                   dev_predictions_file: Path) -> None:
    from_file = qe.evaluate(dev_gold, qe.read_predictions(dev_predictions_file), "all",
                            resamples=50)
    in_memory = qe.evaluate(dev_gold, dev_predictions, "all", resamples=50)
    assert from_file.to_dict() == in_memory.to_dict()


@pytest.mark.shared
def test_the_command_gives_the_reference_numbers(
        polnear_dev: Path, prediction_files: dict[str, Path],
        reference_results: dict[tuple[str, Config], dict]) -> None:
    config = ("all", True, "after", True)
    result = CliRunner().invoke(app, [
        "eval", "--gold", str(polnear_dev), "--pred", str(prediction_files["perturbed-2"]),
        "--subset", "all", "--double-apostrophe", "--bootstrap", "0", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert_same_figures(json.loads(result.stdout), reference_results[("perturbed-2", config)])
    assert "warning: 2 prediction ids are not in the gold" in result.stderr
