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

from quotetrail.engine.sentences import is_title_case

__all__ = ["is_title_case", "sentence_cased"]

_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def sentence_cased(text: str, span: tuple[int, int]) -> str:
    """``text[span[0]:span[1]]``, in sentence case where it is a title-case headline."""
    a, b = span
    line = text[a:b]
    if not is_title_case(line):
        return line
    body = text[:a] + " " + text[b:]
    lower_in_body = {m.group(0) for m in _WORD_RE.finditer(body) if m.group(0)[0].islower()}
    out: list[str] = []
    last = 0
    for k, m in enumerate(_WORD_RE.finditer(line)):
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

