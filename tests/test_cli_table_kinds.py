"""The terminal table quotes only the speaker's words; reported speech is labelled."""

from __future__ import annotations

import io
import re

from quotetrail.cli.present import TABLE_LEGEND, TableWriter
from quotetrail.model import ArticleResult, Attribution, Span

TEXT = ("“We will win,” said Jane Doe. Doe said the city would “open every library” soon. "
        "She added that the budget was balanced.")


def _table() -> str:
    def span(words: str) -> Span:
        start = TEXT.index(words)
        return Span.of(TEXT, start, start + len(words))

    fragment = span("open every library")
    atts = [
        Attribution(kind="direct", content=span("We will win,"), speaker="Jane Doe",
                    speaker_confidence=0.9),
        Attribution(kind="mixed", content=span("the city would “open every library” soon"),
                    fragments=[fragment], speaker="Jane Doe", speaker_confidence=0.9),
        Attribution(kind="indirect", content=span("the budget was balanced"),
                    speaker="Jane Doe", speaker_confidence=0.9),
    ]
    out = io.StringIO()
    writer = TableWriter(out)
    writer.console.width = 80
    writer.write(ArticleResult(id="a", text=TEXT, attributions=atts))
    writer.close()
    return out.getvalue()


def _cells(table: str) -> str:
    """The content column's lines joined, so that a wrapped cell reads as one text."""
    lines = [ln.split("│")[3].strip() for ln in table.splitlines() if ln.count("│") == 4]
    return " ".join(lines)


def test_direct_words_in_marks_mixed_fragment_in_marks_reported_labelled() -> None:
    content = _cells(_table())
    assert "“We will win,”" in content
    assert "the city would “open every library” soon" in content
    assert "““" not in content and "””" not in content  # the article's marks not doubled
    assert re.search(r"reported: the budget was balanced", content)
    assert "“the budget" not in content


def test_the_legend_says_what_the_marks_mean_within_80_columns() -> None:
    out = _table()
    for line in TABLE_LEGEND:
        assert line in out
        assert len(line) <= 80
    assert any("reported" in line for line in TABLE_LEGEND)
