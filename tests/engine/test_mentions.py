"""Named entities where they pay (engine/speakers/mentions.py)."""

from __future__ import annotations

from quotetrail.engine.pipeline import get_engine
from quotetrail.engine.speakers import entity_sentences

TEXT = ("Harwick Transit Authority said fares would rise. Mayor Ruth Okafor disagreed, and "
        "Pellworth Analytics published a study. The carrier said it was sorry.\n\n"
        "Later, Kemi Adeyemi and Sam Ortiz spoke. “We will see,” Adeyemi said.")


def test_windows_cover_untyped_names_and_sources_only() -> None:
    src = TEXT.index("Adeyemi said")
    windows = entity_sentences(TEXT, [(src, src + len("Adeyemi"))])
    covered = lambda s: any(a <= TEXT.index(s) and TEXT.index(s) + len(s) <= b  # noqa: E731
                            for a, b in windows)
    assert covered("Pellworth Analytics") or covered("Kemi Adeyemi")
    assert covered("Adeyemi said")
    # an organisation word or a common given name types a name without the model
    assert not any(a <= TEXT.index("Harwick") < b for a, b in windows)
    total = sum(b - a for a, b in windows)
    assert total < len(TEXT)
    assert all(0 <= a < b <= len(TEXT) for a, b in windows)
    assert windows == sorted(windows)


def test_an_anaphoric_source_reads_the_sentence_before() -> None:
    src = TEXT.index("The carrier")
    windows = entity_sentences(TEXT, [(src, src + len("The carrier"))])
    assert any(a <= TEXT.index("Pellworth") < b for a, b in windows)


def test_tagger_offsets_index_the_article() -> None:
    tagger = get_engine().entity_tagger
    assert tagger.available
    windows = entity_sentences(TEXT, [(0, len(TEXT))])
    (ents,) = tagger.tag([TEXT], [windows])
    assert ents
    for a, b, label in ents:
        assert 0 <= a < b <= len(TEXT) and TEXT[a:b].strip() and label.isupper()
