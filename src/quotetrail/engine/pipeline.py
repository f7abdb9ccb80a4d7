"""The engine's entry point: article text in, attributions with exact offsets out.

Order of work, cheapest first, so that the expensive parse runs only where an
attribution can be:

1. paragraphs and quotations on the raw text (:mod:`.quotes`);
2. a paragraph is parsed only if it holds a quotation mark or a verb of saying
   (:mod:`.lexicon`), and only with spaCy's tok2vec, tagger and parser — named-entity
   recognition, the lemmatizer and the attribute ruler are never run;
3. linking on the parse (:mod:`.attribution`);
4. split and multi-paragraph quotations share their cue; cue-less quoted sentences
   take their speaker from context;
5. speakers resolved within the article (:mod:`.speakers`), addressee and venue
   (:mod:`.venues`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from quotetrail.engine.draft import Draft
from quotetrail.engine.headlines import colon_headline, sentence_cased
from quotetrail.engine.lexicon import has_cue_word
from quotetrail.engine.linking import MIN_CUELESS_WORDS, ChunkLinker
from quotetrail.engine.quotes import Quote, find_quotes, paragraphs
from quotetrail.engine.sentences import headline_span, split_sentences
from quotetrail.engine.speakers import (
    Context,
    EntityTagger,
    Previous,
    Resolution,
    SpeakerResolver,
    entity_sentences,
    is_question,
)
from quotetrail.engine.venues import addressee_as_venue, find_addressee_and_venue
from quotetrail.errors import ModelNotFound
from quotetrail.model import Attribution, Span
from quotetrail.models import files as model_files
from quotetrail.models.attribution import Thresholds, load_model
from quotetrail.settings import spacy_model_name

ENGINE_NAME = "quotetrail-rules"
ENGINE_VERSION = "0.1"
# spaCy components the engine needs; everything else is excluded at load time.
NEEDED_PIPES = ("tok2vec", "tagger", "parser")
# A cue-less quotation's speaker is its predecessor's, a little less surely; with no
# source and no predecessor there is no speaker, right about this often (PolNeAR train).
INHERITED_CONFIDENCE = 0.9
NO_SOURCE_CONFIDENCE = 0.5
# Paragraphs longer than this are cut at sentence ends before parsing (hostile input).
MAX_CHUNK_CHARS = 5_000
# Chunks parsed together: at most this many, of at most this many characters in all.
PARSE_BATCH = 64
PARSE_BATCH_CHARS = 40_000
_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")
_SENT_END_RE = re.compile(r"(?<=[.!?…])[\"”’'»]?\s+")


def load_nlp(name: str) -> Language:
    """Load the spaCy pipeline with only the components the engine uses."""
    try:
        nlp = spacy.load(name, exclude=["lemmatizer", "attribute_ruler", "senter"])
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed (set QUOTETRAIL_SPACY_MODEL or "
            f"--spacy-model to an installed package)") from exc
    missing = [p for p in NEEDED_PIPES if p not in nlp.pipe_names]
    if "parser" in missing:
        raise ModelNotFound(f"spaCy pipeline {name!r} has no dependency parser")
    if "ner" in nlp.pipe_names:
        # kept loaded for the speaker resolver, which runs it on chosen sentences only
        nlp.disable_pipe("ner")
    return nlp


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long paragraph at sentence ends (or anywhere, as a last resort)."""
    while end - start > MAX_CHUNK_CHARS:
        cut = None
        for m in _SENT_END_RE.finditer(text, start + MAX_CHUNK_CHARS // 2, start + MAX_CHUNK_CHARS):
            cut = m.end()
        if cut is None:
            ws = text.rfind(" ", start + MAX_CHUNK_CHARS // 2, start + MAX_CHUNK_CHARS)
            cut = ws + 1 if ws > start else start + MAX_CHUNK_CHARS
        yield start, cut
        start = cut
    if end > start:
        yield start, end


@dataclass(slots=True)
class _Plan:
    """What one article needs parsed: its quotations and the chunks worth parsing."""

    quotes: list[Quote]
    chunks: list[tuple[int, int]]
    headline: tuple[int, int] | None = None

    def chunk_texts(self, text: str) -> Iterator[str]:
        """What the parser reads of each chunk: its text, a title-case headline in
        sentence case (:mod:`.headlines`; same length, so offsets hold)."""
        h = self.headline
        for a, b in self.chunks:
            if h is not None and a <= h[0] and h[1] <= b:
                yield text[a:h[0]] + sentence_cased(text, h) + text[h[1]:b]
            else:
                yield text[a:b]


class Engine:
    """Loads the spaCy pipeline once and extracts attributions from article texts."""

    def __init__(self, spacy_model: str | None = None, learned: bool = True) -> None:
        self.spacy_model = spacy_model_name(spacy_model)
        self.nlp = load_nlp(self.spacy_model)
        self.model = load_model() if learned else None
        self.triggers = self.model.triggers if self.model is not None else frozenset()
        self.entity_tagger = EntityTagger(self.nlp)
        self.name = _engine_name(self.spacy_model, self.nlp.meta.get("version", "?"))

    # -- public ------------------------------------------------------------------------

    def attributions(self, text: str) -> list[Attribution]:
        """All attributions of one article, in document order."""
        return next(self.attributions_many([text]))

    def attributions_many(self, texts: Iterable[str], batch_articles: int = 8
                          ) -> Iterator[list[Attribution]]:
        """Attributions of many articles, in order.

        Chunks of several articles go through ``nlp.pipe`` together (bigger matrix
        products for the network), ``batch_articles`` at a time so memory stays flat.
        """
        batch: list[tuple[str, _Plan]] = []
        for text in texts:
            batch.append((text, self._plan(text)))
            if len(batch) >= batch_articles:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def drafts(self, text: str) -> list[Draft]:
        """Drafts of one article before speakers and venues (verified if the model can)."""
        plan = self._plan(text)
        return self._link(text, plan, self._parse(plan.chunk_texts(text)))

    def parsed(self, text: str) -> tuple[_Plan, list[Doc]]:
        """An article's plan and its parsed chunks, for training to link them many times
        (:mod:`quotetrail.training.tuning`)."""
        plan = self._plan(text)
        return plan, list(self._parse(plan.chunk_texts(text)))

    def attributions_from_doc(self, doc: Doc) -> list[Attribution]:
        """Attributions of a document another spaCy pipeline has already parsed."""
        text = doc.text
        plan = _Plan(find_quotes(text), [(0, len(text))])
        drafts = self._link(text, plan, [doc])
        if doc.has_annotation("ENT_IOB"):  # the host pipeline ran its own recogniser
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        else:
            ents = self._entities([text], [drafts])[0]
        return self._finish(text, drafts, ents)

    # -- stages ------------------------------------------------------------------------

    def _parse(self, chunk_texts: Iterable[str]) -> Iterator[Doc]:
        """Parsed chunks, in order, in groups bounded by count and by characters.

        spaCy's working memory for a batch grows with the batch's total length (64
        chunks of 5,000 characters took 1.2 GB), and every doc of a batch keeps a view
        of the batch's tok2vec output as its ``tensor``, which linking never reads.  So
        a group holds at most ``PARSE_BATCH_CHARS`` characters (or ``PARSE_BATCH``
        chunks: short paragraphs still share their matrix products), each doc lets go
        of the batch's array, and the docs are consumed as linking goes, so a long
        article never holds all its parses at once.
        """
        group: list[str] = []
        size = 0
        for chunk in chunk_texts:
            if group and (len(group) >= PARSE_BATCH or size + len(chunk) > PARSE_BATCH_CHARS):
                yield from self._parse_group(group)
                group, size = [], 0
            group.append(chunk)
            size += len(chunk)
        if group:
            yield from self._parse_group(group)

    def _parse_group(self, group: list[str]) -> Iterator[Doc]:
        for doc in self.nlp.pipe(group, batch_size=len(group)):
            doc.tensor = _NO_TENSOR
            yield doc

    def _run(self, batch: list[tuple[str, _Plan]]) -> Iterator[list[Attribution]]:
        docs = self._parse(chunk for text, plan in batch for chunk in plan.chunk_texts(text))
        linked: list[list[Draft]] = []
        for text, plan in batch:
            linked.append(self._link(text, plan, islice(docs, len(plan.chunks))))
        texts = [text for text, _ in batch]
        entities = self._entities(texts, linked)
        for text, drafts, ents in zip(texts, linked, entities, strict=True):
            yield self._finish(text, drafts, ents)

    def _entities(self, texts: list[str], linked: list[list[Draft]]
                  ) -> list[list[tuple[int, int, str]]]:
        """Named entities of the sentences that matter for speakers, per article."""
        spans = [entity_sentences(text, [d.source for d in drafts if d.source is not None])
                 for text, drafts in zip(texts, linked, strict=True)]
        return self.entity_tagger.tag(texts, spans)

    def _plan(self, text: str) -> _Plan:
        """Quotations, and the runs of sentences worth parsing (quote mark or verb of saying)."""
        paras = paragraphs(text)
        quotes = find_quotes(text, paras)
        chunks: list[tuple[int, int]] = []
        qi = 0
        for p_start, p_end in paras:
            for c_start, c_end in _chunks(text, p_start, p_end):
                run: tuple[int, int] | None = None
                for s_start, s_end in split_sentences(text, c_start, c_end):
                    while qi < len(quotes) and quotes[qi].end <= s_start:
                        qi += 1
                    quoted = qi < len(quotes) and quotes[qi].start < s_end
                    if quoted or has_cue_word(text, s_start, s_end, self.triggers) or \
                            text[s_start:s_end].rstrip().endswith(":"):
                        run = (run[0], s_end) if run else (s_start, s_end)
                    elif run:
                        chunks.append(run)
                        run = None
                if run:
                    chunks.append(run)
        return _Plan(quotes, chunks, headline_span(text))

    def _link(self, text: str, plan: _Plan, docs: Iterable[Doc]) -> list[Draft]:
        proposed = self.proposed_drafts(text, plan, docs)
        probabilities = self.verifier_probabilities(text, proposed)
        return self.decided_drafts(text, plan, proposed, probabilities)

    def proposed_drafts(self, text: str, plan: _Plan, docs: Iterable[Doc]) -> list[Draft]:
        """Every draft the rules and the cue and content models make, before the verifier."""
        quotes = plan.quotes
        drafts: list[Draft] = []
        qi = 0
        prev_linker: ChunkLinker | None = None
        prev_end = -1
        for (c_start, c_end), doc in zip(plan.chunks, docs, strict=True):
            while qi < len(quotes) and quotes[qi].start < c_start:
                qi += 1
            qj = qi
            while qj < len(quotes) and quotes[qj].start < c_end:
                qj += 1
            linker = ChunkLinker(doc, c_start, quotes[qi:qj], qi, self.model)
            quoted = linker.link_quotes()
            if quoted and quoted[0].cue is None and prev_linker is not None and \
                    not text[prev_end:c_start].strip():
                first_q = quotes[quoted[0].quote_ids[0]]
                lead = c_start + len(text[c_start:c_end]) - len(text[c_start:c_end].lstrip())
                intro = prev_linker.trailing_cue() if first_q.start == lead else None
                if intro is not None:
                    verb, subj = intro
                    quoted[0] = linker.cue_from_previous(verb, subj, prev_linker,
                                                         quoted[0].quote_ids[0] - qi)
            taken = [d.content for d in quoted if d.confidence > 0]
            if self.model is not None:
                reported = linker.link_learned(self.model, taken)
            else:
                reported = linker.link_indirect(taken)
            drafts.extend(quoted)
            drafts.extend(reported)
            qi = qj
            prev_linker, prev_end = linker, c_end
        drafts.sort(key=lambda d: (d.content[0], d.content[1]))
        return self._share_cues(text, _merge_mixed(drafts), quotes)

    def verifier_probabilities(self, text: str, drafts: list[Draft]) -> list[float] | None:
        """The verifier's belief in each draft (None when the engine has no verifier)."""
        if self.model is None or self.model.verifier_model is None or not drafts:
            return None
        return self.model.verify(text, drafts)

    def decided_drafts(self, text: str, plan: _Plan, drafts: list[Draft],
                       probabilities: Sequence[float] | None,
                       thresholds: Thresholds | None = None) -> list[Draft]:
        """The drafts the verifier believes (its probability as their confidence), one per
        content, and a colon headline.  Split from :meth:`proposed_drafts` so that
        training can try many ``thresholds`` on one set of proposals."""
        if probabilities is not None:
            assert self.model is not None  # probabilities come from its verifier
            limits = thresholds or self.model.thresholds
            kept: list[Draft] = []
            for d, p in zip(drafts, probabilities, strict=True):
                if limits.keeps(d.how, p):
                    d.confidence = p
                    kept.append(d)
            drafts = _one_per_content(kept)
        return _with_colon_headline(text, drafts, plan.quotes)

    @staticmethod
    def _share_cues(text: str, drafts: list[Draft], quotes: list[Quote]) -> list[Draft]:
        """Split and continued quotations take their cue; lone short quotes are dropped."""
        by_quote = {qid: d for d in drafts for qid in d.quote_ids}
        out: list[Draft] = []
        prev: Draft | None = None
        last_sourced: Draft | None = None
        for d in drafts:
            if d.cue is None and d.quote_ids and d.confidence == 0.0:
                qid = d.quote_ids[0]
                q = quotes[qid]
                host = None
                if q.continued and qid > 0 and by_quote.get(qid - 1) is not None:
                    host = by_quote[qid - 1]
                elif prev is not None and prev.cue is not None and prev.kind == "direct" and \
                        prev.content[1] <= prev.cue[0] <= q.start and \
                        "\n" not in text[prev.content[1]:q.start] and \
                        q.start - prev.content[1] < 200:
                    host = prev
                if host is not None and host.cue is not None:
                    d.cue, d.source, d.confidence = host.cue, host.source, host.confidence * 0.9
                    d.cue_lemma = host.cue_lemma
                    d.how = "quote:continued" if host is by_quote.get(qid - 1) and q.continued \
                        else "quote:split"
                elif _looks_like_statement(text, q):
                    # no cue of its own: the speaker is whoever spoke just before, and the
                    # mention that names them is that attribution's source
                    d.confidence = 0.4
                    d.how = "quote:cueless"
                    if last_sourced is not None and last_sourced.source is not None and \
                            text.count("\n", last_sourced.content[1], q.start) <= 4:
                        d.source = last_sourced.source
                else:
                    continue
            out.append(d)
            if d.kind == "direct" and d.cue is not None:
                prev = d
            if d.source is not None and d.cue is not None:
                last_sourced = d
        # a quotation continued over paragraphs whose cue comes only at its end
        for d in reversed(out):
            for qid in d.quote_ids:
                q = quotes[qid]
                if q.continues and d.cue is None:
                    nxt = by_quote.get(qid + 1)
                    if nxt is not None and nxt.cue is not None:
                        d.cue, d.source, d.cue_lemma = nxt.cue, nxt.source, nxt.cue_lemma
                        d.confidence = nxt.confidence * 0.9
                        d.how = "quote:continued"
        return out

    def _finish(self, text: str, drafts: list[Draft],
                entities: Sequence[tuple[int, int, str]] = ()) -> list[Attribution]:
        """Speakers (with their confidence), addressees and venues of an article's drafts."""
        resolver = SpeakerResolver(text, entities)
        previous: list[Previous] = []
        resolved: dict[tuple[int, int], Resolution] = {}
        out: list[Attribution] = []
        last: Resolution | None = None
        for d in drafts:
            content = Span.of(text, *d.content)
            cue = Span.of(text, *d.cue) if d.cue else None
            source = Span.of(text, *d.source) if d.source else None
            addressee, venue = find_addressee_and_venue(text, _with_cue_clause(text, d), cue,
                                                        content, source)
            if d.addressee is not None and not _overlaps(d.addressee, d.content):
                addressee = Span.of(text, *d.addressee)  # the parse knows best
            if addressee is not None and venue is None:
                both = addressee_as_venue(text, addressee)  # "told CNN": to whom and where
                if both is not None and not _overlaps((both[0].start, both[0].end), d.content):
                    addressee, venue = both
            context = Context(cue=d.cue, content=d.content,
                              addressee=(addressee.start, addressee.end) if addressee else None,
                              ref=d.source_ref)
            if d.source is not None:
                res = resolved.get(d.source)
                if res is None:
                    res = resolved[d.source] = resolver.resolve(
                        d.source[0], d.source[1], context=context, previous=previous)
            elif d.cue is None and last is not None:
                # a quotation with no cue of its own: whoever spoke just before
                res = Resolution(last.speaker, list(last.speakers), last.speaker_type,
                                 round(last.confidence * INHERITED_CONFIDENCE, 4))
            else:
                res = Resolution(None, [], None, NO_SOURCE_CONFIDENCE)
            if res.speaker:
                previous.append(Previous(d.content[0], res.answer, is_question(text, context),
                                         resolver.addressee_name(context)))
            if source is not None or d.cue is not None:
                last = res
            out.append(Attribution(
                kind=d.kind, content=content,
                fragments=[Span.of(text, a, b) for a, b in d.fragments],
                cue=cue, source=source, speaker=res.speaker, speakers=list(res.speakers),
                speaker_type=res.speaker_type, addressee=addressee, venue=venue,
                confidence=round(d.confidence, 4), speaker_confidence=res.confidence))
        return out


def _with_colon_headline(text: str, drafts: list[Draft], quotes: list[Quote]) -> list[Draft]:
    """Add a "Source: what was said" headline (:func:`.headlines.colon_headline`) that no
    other rule read; its quotations are its fragments."""
    head = colon_headline(text)
    if head is None or any(_overlaps(head.content, d.content) for d in drafts):
        return drafts
    a, b = head.content
    inside = [q for q in quotes if a <= q.start and q.end <= b + 1]
    if len(inside) == 1 and inside[0].start <= a and inside[0].end >= b:
        q = inside[0]
        head.kind, head.content = "direct", (q.content_start, q.content_end)
        head.quote_ids = [quotes.index(q)]
    elif inside:
        head.kind = "mixed"
        head.fragments = [(q.content_start, q.content_end) for q in inside]
    else:
        head.kind = "indirect"
    return sorted([*drafts, head], key=lambda d: (d.content[0], d.content[1]))


_CLAUSE_END_RE = re.compile(r"[.!?;](?=\s|$)|\n")


def _with_cue_clause(text: str, d: Draft) -> tuple[int, int]:
    """The draft's sentence, reaching over its cue's clause when the parser cut them
    apart: in '"It is the greatest!!!" McDonough wrote in a June 10 email.' the
    quotation is a sentence of its own, and the venue follows the cue."""
    a, b = d.sentence
    if d.cue is None or (a <= d.cue[0] and d.cue[1] <= b):
        return a, b
    if d.cue[1] > b:
        m = _CLAUSE_END_RE.search(text, d.cue[1])
        b = m.end() if m is not None else len(text)
    return min(a, d.cue[0]), b


def _one_per_content(drafts: list[Draft]) -> list[Draft]:
    """Two cues proposing (nearly) the same content are one attribution: keep the surer.

    The cue model can fire on two tokens of one cue phrase ("did not suggest"); a
    quotation's pieces are not affected, their contents differ.
    """
    out: list[Draft] = []
    kept: list[tuple[int, int]] = []  # contents kept so far, sorted by start
    for d in sorted(drafts, key=lambda x: -x.confidence):
        if d.how == "learned":
            # an IoU of 0.8 needs starts within a fifth of either length: look only there
            a, b = d.content
            k = bisect_left(kept, (a - (b - a), -1))
            near = (kept[j] for j in range(k, bisect_right(kept, (b, b))))
            if any(_iou(d.content, o) >= 0.8 for o in near):
                continue
        out.append(d)
        insort(kept, d.content)
    out.sort(key=lambda x: (x.content[0], x.content[1]))
    return out


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union else 0.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _merge_mixed(drafts: list[Draft]) -> list[Draft]:
    """One attribution per reported clause, however many quotations it holds.

    Each quotation proposes a draft; several quotations inside one mixed content give
    the same clause several times.  A quotation inside a mixed content whose own cue
    also lies inside that content is an attribution embedded in the report (``Esme
    relays that her parents assured her she was "still you to us"``) and stays.
    """
    mixed = [d for d in drafts if d.kind == "mixed"]
    # a cue's widest mixed content holds the others of that cue ("said that A "x" and
    # that B "y"": quotation y alone proposes the clause B, already inside A-and-B)
    widest: dict[tuple[int, int], list[Draft]] = {}
    for d in mixed:
        if d.cue is not None:
            widest.setdefault(d.cue, []).append(d)
    out: list[Draft] = []
    seen: dict[tuple, Draft] = {}
    for d in drafts:
        if d.kind == "mixed":
            key = (d.content, d.cue)
            if key in seen:
                seen[key].quote_ids.extend(d.quote_ids)
                continue
            holder = next((m for m in widest.get(d.cue, ()) if m is not d and
                           m.content[0] <= d.content[0] and d.content[1] <= m.content[1]
                           and m.content != d.content), None) if d.cue is not None else None
            if holder is not None:
                holder.quote_ids.extend(d.quote_ids)
                continue
            seen[key] = d
            out.append(d)
            continue
        host = next((m for m in mixed if m is not d and m.content[0] <= d.content[0]
                     and d.content[1] <= m.content[1] and d.quote_ids
                     and (d.cue is None or (m.cue is not None
                          and not (m.content[0] <= d.cue[0] < m.content[1]))
                          or d.cue == m.cue)), None)
        if host is not None:
            host.quote_ids.extend(d.quote_ids)
            continue
        out.append(d)
    return out


def _looks_like_statement(text: str, q: Quote) -> bool:
    """A whole quoted sentence, not a scare-quoted phrase or a title."""
    body = text[q.content_start:q.content_end]
    words = body.split()
    if len(words) < MIN_CUELESS_WORDS:
        return False
    return body[-1:] in ".!?,…" or (q.continues or q.continued)


def _engine_name(spacy_model: str, spacy_version: str) -> str:
    """The rules' version, the trained models' fingerprint and the spaCy pipeline: a
    result read by other rules (bump ``ENGINE_VERSION``), other weights or another
    pipeline carries another name, which is what ``ingest --reextract`` compares."""
    return (f"{ENGINE_NAME} {ENGINE_VERSION} (models {model_files.fingerprint()}) + "
            f"{spacy_model} {spacy_version}")


def engine_name(spacy_model: str | None = None) -> str:
    """The name an engine with this spaCy pipeline gives its results (their ``model``),
    read from the pipeline's metadata without loading it (loaded if that fails)."""
    name = spacy_model_name(spacy_model)
    try:
        path = spacy.util.get_package_path(name) if spacy.util.is_package(name) else Path(name)
        version = spacy.util.get_model_meta(path)["version"]
    except Exception:  # not a package or folder with metadata: ask the engine itself
        return get_engine(spacy_model).name
    return _engine_name(name, str(version))


@lru_cache(maxsize=4)
def get_engine(spacy_model: str | None = None) -> Engine:
    """One engine per process and model name: the spaCy pipeline loads once."""
    return Engine(spacy_model)
