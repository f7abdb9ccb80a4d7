"""Typed response models of the HTTP API: what ``/openapi.json`` promises to clients.

They mirror the library's records (DESIGN.md's cluster and contract records, the
corpus queries' dicts) field for field, so a handler returns the library's dict and
FastAPI validates it against the model: a record that drifts from its documented shape
fails loudly in the tests instead of reaching clients silently.  Extra keys the
library may add later are ignored here until they are documented.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "Article", "ArticleAttribution", "Cluster", "ClusterSummary", "ContractRecord",
    "ErrorDetail", "ExtractRequest", "Occurrence", "RelatedCluster", "SearchPage", "Span",
    "Speaker", "SpeakerDetail", "SpeakerPage", "Stats", "Venue", "WordingDifferences",
    "WordingEdit",
]


class Span(BaseModel):
    """A stretch of the article text: ``text[start:end] == span.text``."""

    start: int
    end: int
    text: str


class Venue(Span):
    """Where a statement was made, with its medium (``tv``, ``social``, …)."""

    type: str = "other"


class WordingEdit(BaseModel):
    """One difference of an occurrence's wording from its statement's root wording."""

    op: Literal["left_out", "added", "changed"] = Field(
        description="`left_out`: root words it does not say; `added`: words it says that "
                    "the root does not; `changed`: root words it says otherwise")
    at: int = Field(description="the article offset where the edit is (for words left out: "
                                "where they would be)")
    root: Span | None = Field(description="the root words concerned, a span of the cluster's "
                                          "`text`; null for added words")
    text: Span | None = Field(description="the occurrence's words concerned, a span of the "
                                          "article text; null for words left out")


class WordingDifferences(BaseModel):
    """How an occurrence's wording differs from the root (fullest) wording, word by word
    (case, apostrophes, quotation marks and punctuation aside)."""

    same: bool = Field(description="the root's words, in order")
    root_words: int
    words: int = Field(description="words of the occurrence's wording (a mixed attribution's "
                                   "quoted fragments; a quote without the words it re-quotes)")
    shared_words: int
    left_out: int = Field(description="root words it leaves out (or changes)")
    added: int = Field(description="words it adds (or says instead)")
    edits: list[WordingEdit]


class Occurrence(BaseModel):
    """One appearance of a quote cluster in an article (a step of its trail)."""

    article_id: str
    outlet: str | None
    url: str | None
    published: str | None
    crawled: str | None
    speaker: str | None
    venue: Venue | None
    content: Span
    kind: str = Field(description='"direct" (the content is the speaker\'s words), "mixed" '
                                  '(a paraphrase holding quoted fragments) or "indirect" '
                                  '(reported speech: none of it verbatim)')
    fragments: list[Span] = Field(
        default_factory=list, description="the quoted fragments of a mixed content: the "
                                          "only words of it that are the speaker's own")
    speaker_id: str | None
    title: str | None
    cluster_id: str | None
    speaker_confidence: float | None = Field(
        None, description="the calibrated probability that `speaker` (a name or null) is "
                          "right; null when the store does not know it")
    older_revisions: int = Field(
        0, description="how many older texts the article's URL had (a trail shows only "
                       "the newest)")
    date_precision: str | None = Field(
        None, description='"time" (a timestamp), "day" (a date only: that day, not first '
                          'among its timestamps) or null (undated, listed last)')
    requote: bool = Field(
        False, description="the words are repeated by someone else: inside their "
                           "quotation marks, or credited to them")
    requoted_by: str | None = Field(None, description="who repeated them, as credited")
    differences: WordingDifferences | None = Field(
        None, description="its wording against the statement's root wording (in a trail)")


class ClusterSummary(BaseModel):
    """A quote cluster without its occurrences (what a search lists)."""

    cluster_id: str
    text: str
    speaker: str | None
    speaker_id: str | None
    first_seen: str | None
    variants: list[str]
    verbatim: bool = Field(
        True, description="`text` is words inside the articles' quotation marks (a quoted "
                          "wording); false when the statement is only ever reported, and "
                          "`text` is the fullest paraphrase")
    speaker_disagreement: bool
    matched: str | None = Field(
        None, description='in a search: "quote" when the words are in one of its wordings '
                          '(these rank first), "speaker or title" when only its speaker\'s '
                          'names or an article title hold them')
    n_occurrences: int
    n_articles: int
    n_outlets: int
    speaker_confidence: float | None = Field(
        None, description="the calibrated probability that `speaker` (a name or null) is "
                          "right; null when the store does not know it")


class RelatedCluster(ClusterSummary):
    """A statement related to another: the same speaker in the same articles, or a
    substantial part of the wording shared."""

    relations: list[Literal["same_speaker_article", "shared_wording"]]
    same_speaker_articles: int = Field(
        description="articles (among the first 50 of the trail) in which the same speaker "
                    "is credited with both")
    overlap: float = Field(
        description="share of the shorter wording's 3-word shingles the two share (0 when "
                    "not related by wording)")
    shared: Span | None = Field(
        description="the longest run of words they share, a span of this cluster's `text`")


class Cluster(ClusterSummary):
    """DESIGN.md's cluster record with one page of its trail (oldest first), the number of
    occurrences in all, and the statements related to it."""

    page: int
    per_page: int
    total: int = Field(description="occurrences in the whole trail")
    occurrences: list[Occurrence]
    related: list[RelatedCluster]


class SearchPage(BaseModel):
    """One page of search results; ``total`` counts clusters among the ranked matches."""

    query: str
    page: int
    per_page: int
    total: int
    results: list[ClusterSummary]


class Speaker(BaseModel):
    """A speaker across the corpus, with every name form seen and counts."""

    speaker_id: str
    name: str
    kind: str | None
    aliases: list[str]
    attributions: int
    articles: int
    clusters: int


class SpeakerPage(BaseModel):
    """One page of speakers, most quoted first."""

    page: int
    per_page: int
    total: int
    results: list[Speaker]


class SpeakerDetail(Speaker):
    """A speaker with one page of their quotes (newest first) and the outlets quoting them."""

    page: int
    per_page: int
    quotes: list[Occurrence]
    outlets: dict[str, int]
    weeks: dict[str, int] = Field(description="quotes per ISO week, keyed by its Monday")


class ContractAttribution(BaseModel):
    """One attribution of the output contract."""

    kind: str
    content: Span
    fragments: list[Span]
    cue: Span | None
    source: Span | None
    speaker: str | None
    speakers: list[str]
    speaker_type: str | None
    addressee: Span | None
    venue: Venue | None
    confidence: float
    speaker_confidence: float | None = Field(
        None, description="the calibrated probability that `speaker` (a name or null) is "
                          "right; null when the store does not know it")


class ArticleAttribution(ContractAttribution):
    """An attribution as the contract has it, plus its corpus speaker and cluster ids."""

    speaker_id: str | None
    cluster_id: str | None


class Article(BaseModel):
    """A stored article; ``text`` is null when the store keeps no text (--no-store-text)."""

    id: str
    location: str | None
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    crawled: str | None
    text: str | None
    text_hash: str
    copies: list[str]
    #: Other ids the same article arrived under (other paths, walk roots, JSONL ids).
    aliases: list[str] = []
    #: The ids of the other revisions of its URL (same URL, other text).
    revisions: list[str] = []
    #: The newest revision's id, when this one is older (only the newest is clustered).
    superseded_by: str | None = None
    model: str
    attributions: list[ArticleAttribution]


class Stats(BaseModel):
    """Counts of what the store holds."""

    articles: int
    attributions: int
    clusters: int
    speakers: int


class ContractInfo(BaseModel):
    """Which quotetrail and which models produced a record."""

    version: str
    model: str


class ErrorRecord(BaseModel):
    """Why a document could not be processed."""

    code: str
    message: str


class ContractRecord(BaseModel):
    """One record of DESIGN.md's output contract (as ``quotetrail extract`` writes it)."""

    contract: int
    id: str
    location: str | None
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    crawled: str | None = None
    quotetrail: ContractInfo
    text: str
    attributions: list[ContractAttribution]
    errors: list[ErrorRecord]


class ExtractRequest(BaseModel):
    """The JSON body of ``POST /api/extract``."""

    text: str


class ErrorDetail(BaseModel):
    """Every error response: a status-specific one-line ``detail``."""

    detail: str
    kind: Literal["bad_request", "not_found", "too_large", "unsupported_media_type",
                  "method_not_allowed", "error"] = "error"
