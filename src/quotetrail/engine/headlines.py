"""Headlines read as headlines: a title-case line is parsed in sentence case.

In "Bank 'Loses' Customer Data, Regulator Claims" every word is capitalised, so the
tagger reads a row of proper nouns and finds no verb; the same words in sentence case
("Bank 'loses' customer data, regulator claims") parse as the attribution they are.
The parser is given the headline with each capitalised word lowered unless the body of
the article only ever writes it capitalised (a name: "Okafor", "Harwick") or it is an
acronym; the first word keeps its capital.  Lowering never changes a string's length
here (a word whose lower case is longer or shorter is left alone), so every offset of
the parse still indexes the article's own text, which is what the output shows.
"""

from __future__ import annotations

import re

from quotetrail.engine.draft import Draft
from quotetrail.engine.sentences import TITLE_WORD_RE, first_line_span, is_title_case

__all__ = ["colon_headline", "is_title_case", "sentence_cased"]


def sentence_cased(text: str, span: tuple[int, int]) -> str:
    """``text[span[0]:span[1]]``, in sentence case where it is a title-case headline."""
    a, b = span
    line = text[a:b]
    if not is_title_case(line):
        return line
    body = text[:a] + " " + text[b:]
    lower_in_body = {m.group(0) for m in TITLE_WORD_RE.finditer(body) if m.group(0)[0].islower()}
    out: list[str] = []
    last = 0
    for k, m in enumerate(TITLE_WORD_RE.finditer(line)):
        word = m.group(0)
        low = word.lower()
        keep = k == 0 or not word[0].isupper() or len(low) != len(word) or \
            (word.isupper() and len(word) > 1) or \
            (low not in lower_in_body and word in body)
        out.append(line[last:m.start()])
        out.append(word if keep else low)
        last = m.end()
    out.append(line[last:])
    return "".join(out)


# "Graham: Trump's rhetoric is destroying the party" -- a source, a colon, what was said.
_COLON_HEADLINE_RE = re.compile(r"(?P<src>[^:\n]{2,60}?)\s*:\s+(?P<said>\S[^\n]*)")
_LEAD_LABEL_RE = re.compile(r"(?i)^(?:exclusive|breaking|watch|update|updated|video|"
                            r"photos?|live|opinion|analysis)\s*[–—-]\s*")
#: Colon prefixes that label a headline instead of naming who speaks.
HEADLINE_LABELS = frozenset({
    "breaking", "breaking news", "exclusive", "watch", "update", "updated", "live", "video",
    "photos", "photo", "the latest", "latest", "opinion", "analysis", "editorial", "look",
    "wow", "busted", "just in", "just leaked", "leaked", "revealed", "fact check",
    "fact-check", "explainer", "review", "listen", "read", "quiz", "timeline", "in pictures",
    "news guide", "correction", "obituary", "podcast", "the big picture",
})
_QUOTE_MARKS = "\"“”‘’'«»"
_MAX_SOURCE_WORDS = 6


def colon_headline(text: str) -> Draft | None:
    """The attribution of a headline of the form "Source: what was said".

    News headlines credit a statement with a colon ("Lynch: No outside influence on FBI
    probe", "Poll: Sanders leads in Iowa"); no verb says so, so the parse finds nothing.
    The prefix must name someone: at most six words, one of them capitalised, not a
    label ("Breaking:", "The Latest:", "Watch:").  What follows is the content, whole.
    """
    span = first_line_span(text)
    if span is None:
        return None
    a, b = span
    m = _COLON_HEADLINE_RE.match(text, a, b)
    if m is None:
        return None
    src_start, src_end = m.start("src"), m.end("src")
    lead = _LEAD_LABEL_RE.match(text, src_start, src_end)
    if lead is not None:
        src_start = lead.end()
    source = text[src_start:src_end].strip()
    words = source.split()
    if not words or len(words) > _MAX_SOURCE_WORDS or source.lower() in HEADLINE_LABELS or \
            not any(w[:1].isupper() for w in words) or \
            any(c in _QUOTE_MARKS for c in source) or (source.isupper() and len(words) > 1):
        return None
    c_start, c_end = m.start("said"), b
    while c_end > c_start and text[c_end - 1] in " .;":
        c_end -= 1
    if c_end - c_start < 8:
        return None
    content = text[c_start:c_end]
    colon = text.index(":", src_end, c_start)
    quoted = content[:1] in _QUOTE_MARKS and content.rstrip(".")[-1:] in _QUOTE_MARKS
    kind = "direct" if quoted else ("mixed" if any(q in content for q in "“”‘’\"") else
                                    "indirect")
    s_start = src_start + len(text[src_start:src_end]) - len(text[src_start:src_end].lstrip())
    s_end = s_start + len(source)
    addressee: tuple[int, int] | None = None
    to = source.find(" to ")  # "Clinton to Planned Parenthood: …": whom it was said to
    if to > 0 and source[to + 4:to + 5].isupper():
        addressee = (s_start + to + 4, s_end)
        s_end = s_start + to
    return Draft(kind=kind, content=(c_start, c_end), cue=(colon, colon + 1),
                 source=(s_start, s_end), sentence=(a, b), confidence=0.7,
                 cue_lemma=":", addressee=addressee, how="headline:colon")
