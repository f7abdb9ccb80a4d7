"""Features for the learned parts of the engine, shared by training and inference.

Two decisions are learned from PolNeAR's training articles:

* **cue**: is this token the head of an attribution cue?  Verbs of saying are easy;
  the long tail ("enjoyed tremendous support", "did not immediately respond", "his
  claim that") is not, and PolNeAR annotates 1,456 distinct cue lemmas in train.
* **content**: which stretch of the parse around a cue is its content?  The
  candidates are built from the dependency tree (:func:`content_candidates`); a
  ranking model scores each.

Features are strings, hashed by :mod:`quotetrail.models.linear`; they read only the
parse (tok2vec, tagger, parser), so they cost nothing the engine does not already pay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from quotetrail.engine.lexicon import cognition_forms, speech_forms

# tokens that can never head a cue
_NO_CUE_TAGS = {"DT", "PRP$", "CC", "CD", "POS", "TO", "WDT", "WP", "WP$", "EX", "-LRB-", "-RRB-",
                "``", "''", ",", ".", "HYPH", "SYM", "$", "#", "NFP", "_SP", "XX", "LS", "UH",
                # names, pronouns and adjectives head under 1 % of PolNeAR's cues, but make
                # up a third of the tokens the cue model would otherwise be asked about
                "NNP", "NNPS", "PRP", "JJ", "JJR", "JJS"}
CUE_PUNCT = {":", "―", "—", "--"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
_SKIP_CHILD_DEPS = SUBJECT_DEPS | {"punct", "cc", "aux", "auxpass", "neg", "prt", "det",
                                   "case", "mark"}


def is_cue_candidate(tok: Token, in_quote: Sequence[bool]) -> bool:
    """Tokens worth asking the cue model about: not quoted, not function words."""
    if in_quote[tok.i] or tok.is_space:
        return False
    if tok.is_punct:
        return tok.text in CUE_PUNCT
    return tok.tag_ not in _NO_CUE_TAGS


def _shape(word: str) -> str:
    if word.isupper():
        return "X"
    if word[:1].isupper():
        return "Xx"
    return "x"


def quoted_below(doc: Doc, in_quote: Sequence[bool]) -> list[bool]:
    """For each token of ``doc``: does its subtree hold a quoted token?

    A token's subtree holds a quoted token exactly when the token is that quoted
    token or one of its ancestors, so one walk up from each quoted token (stopping at
    a token already marked) answers it for the whole document in linear time, where
    asking each child's ``subtree`` re-walks the same branches for every cue candidate.
    """
    heads = [t.head.i for t in doc] if any(in_quote[: len(doc)]) else []
    below = [False] * len(doc)
    for i in range(len(heads)):
        if not in_quote[i]:
            continue
        k = i
        while not below[k]:
            below[k] = True
            if heads[k] == k:
                break
            k = heads[k]
    return below


def cue_features(tok: Token, in_quote: Sequence[bool],
                 below: Sequence[bool] | None = None) -> list[str]:
    """What the cue model sees of one token: itself, its head, its children, its quotes.

    ``below`` is :func:`quoted_below` of the token's document, computed once per
    document by callers that ask about many tokens; without it each child's subtree is
    walked (the same answer, slower).
    """
    speech, cognition = speech_forms(), cognition_forms()
    w = tok.lower_
    h = tok.head
    f = [
        "bias", f"w={w}", f"t={tok.tag_}", f"d={tok.dep_}", f"td={tok.tag_}|{tok.dep_}",
        f"wt={w}|{tok.tag_}", f"sfx={w[-3:]}", f"shape={_shape(tok.text)}",
        f"hw={h.lower_}", f"ht={h.tag_}", f"hd={h.dep_}", f"hq={in_quote[h.i]}",
        f"wd={w}|{tok.dep_}",
    ]
    if w in speech:
        f += ["speech", f"speech|{tok.tag_}", f"speech|{tok.dep_}"]
    if w in cognition:
        f += ["cognition", f"cognition|{tok.tag_}"]
    if h.lower_ in speech:
        f.append("head_speech")
    quoted_child = False
    for c in tok.children:
        f.append(f"c={c.dep_}")
        if c.dep_ in ("prep", "prt", "dobj", "ccomp", "xcomp", "nsubj", "nsubjpass", "agent",
                      "mark", "dative", "advmod", "neg", "aux"):
            f.append(f"cw={c.dep_}|{c.lower_}")
        if c.dep_ in ("ccomp", "xcomp", "dobj"):
            f.append(f"wc={w}|{c.dep_}")
        if c.dep_ in SUBJECT_DEPS:
            f.append(f"subj_t={c.tag_}")
        if c.dep_ != "punct" and (below[c.i] if below is not None
                                  else any(in_quote[k.i] for k in c.subtree)):
            quoted_child = True
            f.append(f"cq={c.dep_}")
    if quoted_child:
        f.append(f"quoted_child|{tok.tag_}")
    doc = tok.doc
    if tok.i > 0:
        p = doc[tok.i - 1]
        f += [f"pw={p.lower_}", f"pt={p.tag_}"]
    if tok.i + 1 < len(doc):
        n = doc[tok.i + 1]
        f += [f"nw={n.lower_}", f"nt={n.tag_}", f"wn={w}|{n.lower_}"]
    if tok.dep_ == "ROOT":
        f.append("root")
    stem = _stem(w)
    f += [f"stem={stem}", f"stem|t={stem}|{tok.tag_[:2]}", f"hd|d={h.dep_}|{tok.dep_}",
          f"ghd={h.head.dep_}|{h.dep_}|{tok.dep_}", f"nkids={min(len(list(tok.children)), 5)}"]
    deps = sorted({c.dep_ for c in tok.children if c.dep_ not in ("punct", "det", "aux")})
    f.append("kids=" + ",".join(deps[:6]))
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            mark = next((k.lower_ for k in c.children if k.dep_ in ("mark", "aux")), "-")
            f.append(f"clause={c.dep_}|{mark}")
            f.append(f"stem|clause={stem}|{c.dep_}")
        if c.dep_ == "prep":
            f.append(f"stem|prep={stem}|{c.lower_}")
    return f


def _stem(word: str) -> str:
    """A crude lemma (the engine runs no lemmatizer): enough to share weights across forms."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass(slots=True, frozen=True)
class Candidate:
    """A possible content for a cue: a token range of the parse and how it was built."""

    start: int  # token index, inclusive
    end: int  # token index, exclusive
    how: str


def _edges(tokens: Sequence[Token]) -> tuple[int, int]:
    return min(t.left_edge.i for t in tokens), max(t.right_edge.i for t in tokens) + 1


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and ((doc[start].is_punct and doc[start].text not in ("“", '"', "‘"))
                           or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1
    while end > start and ((doc[end - 1].is_punct and doc[end - 1].text not in ("”", '"', "’"))
                           or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def content_candidates(cue: Token) -> list[Candidate]:
    """Stretches of the parse that may be what ``cue`` attributes.

    Each child's subtree (a that-clause, an object, a prepositional object), the
    objects of its prepositions, the whole right or left side, and — for cues that
    hang inside their content (``according to``, ``…, he said``) — the head's clause
    without the cue's own phrase.
    """
    doc = cue.doc
    out: dict[tuple[int, int], str] = {}

    def add(start: int, end: int, how: str) -> None:
        start, end = _trim(doc, start, end)
        if end > start and not (start <= cue.i < end) and (start, end) not in out:
            out[(start, end)] = how

    kids = [c for c in cue.children if c.dep_ not in _SKIP_CHILD_DEPS]
    for c in kids:
        a, b = c.left_edge.i, c.right_edge.i + 1
        add(a, b, f"child:{c.dep_}")
        if c.dep_ in ("prep", "agent"):
            for o in c.children:
                if o.dep_ in ("pobj", "pcomp"):
                    add(o.left_edge.i, o.right_edge.i + 1, f"pobj:{c.lower_}")
    right = [c for c in kids if c.i > cue.i]
    left = [c for c in kids if c.i < cue.i]
    if len(right) > 1:
        add(*_edges(right), "right")
        # up to the first clause or object and everything after it
        core = [c for c in right if c.dep_ in ("ccomp", "xcomp", "dobj", "attr", "oprd")]
        if core:
            first = core[0]
            add(first.left_edge.i, max(c.right_edge.i for c in right) + 1, "from_core")
    if len(left) > 1:
        add(*_edges(left), "left")
    head = cue.head
    if head is not cue and cue.dep_ in ("prep", "advcl", "parataxis", "advmod", "npadvmod",
                                         "dep", "conj", "ccomp"):
        a, b = head.left_edge.i, head.right_edge.i + 1
        ca, cb = cue.left_edge.i, cue.right_edge.i + 1
        if a < ca:
            add(a, ca, "head_left")
        if cb < b:
            add(cb, b, "head_right")
    # a cue in a sentence of its own right after or before: the rest of the sentence
    sent = cue.sent
    if cue.i - sent.start > 2:
        add(sent.start, cue.left_edge.i, "sent_left")
    return [Candidate(a, b, how) for (a, b), how in out.items()]


def content_features(cue: Token, cand: Candidate, in_quote: Sequence[bool]) -> list[str]:
    """What the content model sees of one candidate for one cue."""
    doc = cue.doc
    toks = doc[cand.start:cand.end]
    n = cand.end - cand.start
    size = "1" if n == 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"
    first, last = toks[0], toks[-1]
    w = cue.lower_
    root = toks.root
    quoted = sum(in_quote[t.i] for t in toks)
    qshare = "none" if not quoted else "all" if quoted == n else "some"
    side = "right" if cand.start > cue.i else "left"
    # what the candidate leaves out right next to it: a clause or object after a
    # "called them" means the content runs on ("called them to resign")
    after = next((c.dep_ for c in cue.children if c.i >= cand.end and c.dep_ != "punct"), "-")
    before = next((c.dep_ for c in reversed(list(cue.children))
                   if c.i < cand.start and c.i > cue.i and c.dep_ != "punct"), "-")
    return [f"after={after}", f"how|after={cand.how}|{after}", f"before={before}",
            f"w|after={w}|{after}",
        "bias", f"how={cand.how}", f"how|w={cand.how}|{w}", f"how|t={cand.how}|{cue.tag_}",
        f"size={size}", f"how|size={cand.how}|{size}", f"first={first.lower_}",
        f"first_t={first.tag_}", f"last_t={last.tag_}", f"root_t={root.tag_}",
        f"root_d={root.dep_}", f"q={qshare}", f"how|q={cand.how}|{qshare}", f"side={side}",
        f"side|w={side}|{w}", f"gap={min(abs(cand.start - cue.i), abs(cue.i - cand.end))}",
        f"has_verb={any(t.tag_.startswith('VB') for t in toks)}",
        f"how|verb={cand.how}|{any(t.tag_.startswith('VB') for t in toks)}",
    ]
