"""Scoring attributions against PolNeAR-format gold annotation (``quotetrail eval``).

Why it lives in the package: users who annotate their own outlets check quotetrail on
them with ``quotetrail eval --gold DIR``, without the team's shared tools beside the
clone.  The figures must still be *the* figures of DESIGN.md ("Measuring"): for the
same predictions this module gives exactly the numbers of the reference scorer,
``../shared/tools/polnear_score.py`` (``tests/eval`` holds it to that).  Every rule
below is one of that scorer's decisions, restated:

Gold (``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_ANNOTATOR.ann``, brat standoff)
    One gold attribution per ``E`` line; its Content, Source and Cue roles (numbered
    roles such as ``Content2``, a second fragment, count as the same role).  A role of
    several fragments, and a discontinuous span (``start end;start end``), is reduced
    to min start / max end.  An event without content cannot be scored and is
    skipped.  When several annotators' files exist, the first in sorted order is the
    reference.  Text is read as exact UTF-8 with no newline translation, since offsets
    count ``\\r`` too.

Subsets
    ``all`` is every gold attribution; ``direct`` those whose content fragments hold a
    double quotation mark (``"`` U+201C U+201D U+201E, and ``''`` with
    ``double_apostrophe``, the New York Times' quotation mark).  Predictions are
    never filtered: for ``direct``, an unmatched prediction covering (coverage >= 0.3)
    an out-of-subset gold is ignored rather than counted false (policy ``after``), or
    such predictions are dropped before matching (policy ``before``).

Predictions
    Contract records (or anything with ``id`` and ``attributions`` holding
    ``content``/``source``/``cue`` offsets).  Pieces sharing a cue span and a source
    span are merged into one (min start / max end), as the gold annotates a split
    quotation as one attribution.

Matching, per article and regime
    Gold attributions in order of (content start, content end) each take the unused
    prediction with the highest score reaching the threshold, the earliest one on a
    tie.  Scores: coverage |G&P|/|G| >= 0.3 or 0.8 (``ggt``, the Gender Gap Tracker's
    measure) and IoU |G&P|/|G|P| >= 0.5.  On matched pairs, source (``speaker_acc``)
    and cue accuracy: the predicted span overlaps the gold one by a character, or both
    are absent.  A ratio with a zero denominator is ``None``.

Beyond the reference scorer, and computed from the same per-article outcomes:
bootstrap 95 % intervals over articles, figures by predicted kind and by gold type,
figures by publisher, and every miss and false positive with its context.
"""

from __future__ import annotations

from quotetrail.evaluation.bootstrap import bootstrap_intervals
from quotetrail.evaluation.gold import (
    GoldArticle,
    GoldAttribution,
    GoldSet,
    load_gold,
    parse_ann,
    publisher_of,
)
from quotetrail.evaluation.matching import ArticleOutcome, Counts, figures, score_article
from quotetrail.evaluation.predictions import (
    Prediction,
    PredictionSet,
    merge_pieces,
    parse_predictions,
    predict_with_quotetrail,
    predictions_from_results,
    read_predictions,
)
from quotetrail.evaluation.report import Report, error_records, evaluate, format_table, write_errors
from quotetrail.evaluation.spans import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    METRICS,
    REGIMES,
    SUBSETS,
    GoldFolderError,
    GoldReadError,
    PredictionsError,
    Regime,
    coverage,
    iou,
)

__all__ = [
    "DEFAULT_RESAMPLES",
    "DEFAULT_SEED",
    "METRICS",
    "REGIMES",
    "SUBSETS",
    "ArticleOutcome",
    "Counts",
    "GoldArticle",
    "GoldAttribution",
    "GoldFolderError",
    "GoldReadError",
    "GoldSet",
    "Prediction",
    "PredictionSet",
    "PredictionsError",
    "Regime",
    "Report",
    "bootstrap_intervals",
    "coverage",
    "error_records",
    "evaluate",
    "figures",
    "format_table",
    "iou",
    "load_gold",
    "merge_pieces",
    "parse_ann",
    "parse_predictions",
    "predict_with_quotetrail",
    "predictions_from_results",
    "publisher_of",
    "read_predictions",
    "score_article",
    "write_errors",
]
