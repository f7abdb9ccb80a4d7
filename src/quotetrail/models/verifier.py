"""The verifier: is a draft attribution really one?

Every rule and the cue model propose drafts; the verifier, trained on drafts the
engine proposes for PolNeAR training articles it has not been fitted on
(cross-validated, see :mod:`quotetrail.training.attribution`), scores each one.  Its
probability becomes the attribution's ``confidence``, and drafts under the threshold
are dropped — scare quotes that happen to sit next to "called", a long-tail cue the
cue model half-believes, a content span that is the wrong part of the sentence.

Features are read off the draft and the text alone, so they cost microseconds.
"""

from __future__ import annotations

from quotetrail.engine.draft import Draft
from quotetrail.engine.lexicon import PRONOUNS

_QUOTE_CHARS = set("\"“”„«»'‘’`")


def _bucket(x: float, edges: tuple[float, ...]) -> int:
    return sum(x >= e for e in edges)


def draft_features(text: str, d: Draft) -> list[str]:
    """What the verifier sees of one draft."""
    content = text[d.content[0]:d.content[1]]
    words = content.split()
    n = len(words)
    size = _bucket(n, (2, 4, 8, 16, 32, 64))
    quoted = sum(b - a for a, b in d.fragments) if d.kind == "mixed" else \
        (len(content) if d.kind == "direct" else 0)
    qshare = _bucket(quoted / max(len(content), 1), (0.01, 0.3, 0.6, 0.9))
    cue = text[d.cue[0]:d.cue[1]].lower() if d.cue else "-"
    cue_word = (d.cue_lemma or cue).lower()
    if d.source is None:
        src = "none"
    else:
        s = text[d.source[0]:d.source[1]]
        first = s.split()[0] if s.split() else s
        src = "pron" if s.lower() in PRONOUNS else "cap" if first[:1].isupper() else "low"
    first = words[0].lower().strip("\"“‘'") if words else "-"
    end = content.rstrip()[-1:] if content.strip() else "-"
    ends_sentence = end in ".!?"
    before = text[max(0, d.content[0] - 2):d.content[0]]
    f = [
        "bias", f"how={d.how}", f"kind={d.kind}", f"how|kind={d.how}|{d.kind}",
        f"cue={cue_word}", f"how|cue={d.how}|{cue_word}", f"src={src}", f"how|src={d.how}|{src}",
        f"size={size}", f"how|size={d.how}|{size}", f"qshare={qshare}",
        f"frags={min(len(d.fragments), 3)}", f"first={first}", f"how|first={d.how}|{first}",
        f"end={ends_sentence}", f"how|end={d.how}|{ends_sentence}",
        f"cap={words[0][:1].isupper() if words else False}",
        f"pcue={_bucket(d.p_cue, (0.5, 0.6, 0.7, 0.8, 0.9))}",
        f"pcon={_bucket(d.p_content, (0.2, 0.4, 0.6, 0.8))}",
        f"pcue|pcon={_bucket(d.p_cue, (0.6, 0.8))}|{_bucket(d.p_content, (0.4, 0.7))}",
        f"has_addressee={d.addressee is not None}",
        f"before_quote={any(c in _QUOTE_CHARS for c in before)}",
    ]
    if d.cue is not None:
        after_cue = text[d.cue[1]:d.cue[1] + 2].strip()[:1]
        side = "before" if d.cue[0] < d.content[0] else "after"
        gap = d.content[0] - d.cue[1] if side == "before" else d.cue[0] - d.content[1]
        gap_b = _bucket(gap, (2, 5, 15, 40, 100))
        f += [f"after_cue={after_cue}", f"cue_side={side}", f"gap={gap_b}",
              f"how|gap={d.how}|{gap_b}", f"cue|side={cue_word}|{side}"]
    return f
