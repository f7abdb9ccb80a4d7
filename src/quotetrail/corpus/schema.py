"""The store's schema, as numbered migrations; ``PRAGMA user_version`` is the number applied.

A store outlives the program that wrote it, so the schema only moves forward: each
migration is a script applied once, in its own transaction, and never edited after it
shipped.  Opening a store applies the missing ones; a store written by a newer
quotetrail (a higher number than this one knows) is refused rather than misread.

Tables (see docs/corpus.md for the full description):

* ``articles`` -- one row per (identity, text hash); ``text`` is NULL under
  ``--no-store-text``; ``sort_date`` orders trails (publication, else crawl time).
* ``attributions`` -- the contract's attributions, one row each, with the resolved
  ``speaker_id`` and the ``cluster_id`` of the statement.
* ``groups`` -- attributions with the same wordings and the same speaker names (a
  syndicated quote in a hundred outlets is one group): the nodes that clustering works
  on, so repetition costs a row, not a hundred links.
* ``units``, ``postings``, ``prefixes``, ``shingle_df`` -- the shingle index behind
  near-duplicate search: every group's wordings, their shingles, their prefixes (the
  rarest shingles when they were indexed), and how many wordings hold each shingle.
* ``links`` -- pairs of groups whose wordings match (``kind`` 2: the same wording; 1:
  one contained in the other), the graph that clusters are cut from.
* ``persons`` -- every (surname, first name) seen, for resolving bare surnames (until
  migration 3, which replaced it with ``name_forms``).
* ``clusters`` and ``speakers`` -- derived from the rows above, refreshed in the same
  transaction as every batch.
* ``attr_fts`` -- FTS5 over quote wording, speaker names and article titles.
* ``runs`` -- a log of ingest runs (migration 2), not part of the corpus itself.
* migration 3: ``attributions.speaker_confidence`` (the contract's, NULL for attributions
  stored before it), ``clusters.speaker_confidence``; ``name_forms`` -- every distinct
  name form with its bucket, gender evidence and ``speaker_id`` -- which
  ``attribution_speakers.form`` points at (with the ``gender`` its article states);
  ``form_conflicts`` (two full names an article credits side by side), ``org_pairs``
  (an acronym and the long form an article pairs it with), ``name_pairs`` (a real name
  and the stage name an article gives with it) and ``speaker_edits`` (the user's merges
  and splits, applied whenever ids are assigned).  Opening an older store
  for writing re-indexes its names once (:func:`quotetrail.corpus.speakers.rebuild`).
* migration 4: articles are keyed by URL, else outlet and text hash, else text hash
  (:func:`quotetrail.corpus.store.identity`), no longer by the reader's id: the migration
  re-keys every article, folds the copies that only a path made distinct into one (their
  ids become ``article_aliases``) and rebuilds what is derived
  (:mod:`quotetrail.corpus.rebuild`).  ``articles.superseded_by`` points an older
  revision of a URL at the newest, whose attributions alone are clustered and counted.
* migration 5: what keeps a batch's cost in proportion to the batch
  (:mod:`quotetrail.corpus.cluster_rows`): per cluster, its articles, outlets and
  credited speakers with counts, its number of groups, the speaker names its groups
  carry and its paraphrased wordings; ``cluster_redirects`` maps the id of a cluster
  merged into another to the one it became; ``links.run``, the exact run of words two
  linked wordings share (8 for eight or more, 6 for six or seven, else 0); ``groups.inner``,
  set once a group's wordings are inside a longer wording of its statement;
  ``attributions.requote_of``, set on the occurrences the store derives from the words
  inside another speaker's quotation marks (:mod:`quotetrail.corpus.requotes`);
  ``speaker_raws``, ``speaker_articles``, ``speaker_clusters`` and ``speaker_totals``,
  kept by triggers on every change to a credit (``attribution_speakers``) or to an
  attribution's cluster, so that a speaker's row costs its distinct names, not its
  attributions.  Opening an older store for
  writing rebuilds what is derived.
* migration 6: ``attributions.trail_key``, an occurrence's place in its trail as one
  string (its article's date, whether that date has a time, the outlet, the article id,
  then the attribution's index and key: the order :func:`quotetrail.corpus.queries.trail`
  gives), kept by triggers when an attribution is stored and when its article's date,
  outlet or id change, and indexed with the cluster id, so that a page of a trail is an
  index range (``attributions_trail``), not a sort of the whole trail; and an index of
  the older revisions by the newest one (``articles_superseded``), which every trail
  occurrence counts.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "TRAIL_KEY"]

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    uid TEXT NOT NULL UNIQUE,
    ident TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    location TEXT, title TEXT, outlet TEXT, url TEXT, published TEXT, crawled TEXT,
    sort_date TEXT,
    text TEXT,
    n_chars INTEGER NOT NULL,
    model TEXT NOT NULL, version TEXT NOT NULL,
    UNIQUE (ident, text_hash)
);
CREATE INDEX articles_text_hash ON articles (text_hash);

CREATE TABLE attributions (
    rowid INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles (rowid),
    idx INTEGER NOT NULL,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content TEXT NOT NULL,
    fragments TEXT NOT NULL, cue TEXT, source TEXT,
    speaker TEXT, speakers TEXT NOT NULL, speaker_type TEXT,
    addressee TEXT, venue TEXT, confidence REAL NOT NULL,
    speaker_id TEXT, cluster_id TEXT,
    grp INTEGER NOT NULL
);
CREATE INDEX attributions_article ON attributions (article);
CREATE INDEX attributions_grp ON attributions (grp);
CREATE INDEX attributions_cluster ON attributions (cluster_id);
CREATE INDEX attributions_speaker ON attributions (speaker_id);

CREATE TABLE attribution_speakers (
    attribution INTEGER NOT NULL REFERENCES attributions (rowid),
    position INTEGER NOT NULL,
    raw TEXT NOT NULL, speaker_type TEXT,
    surname TEXT NOT NULL, first TEXT NOT NULL, initial TEXT NOT NULL, org TEXT NOT NULL,
    speaker_id TEXT,
    PRIMARY KEY (attribution, position)
) WITHOUT ROWID;
CREATE INDEX attribution_speakers_surname ON attribution_speakers (surname, first);
CREATE INDEX attribution_speakers_id ON attribution_speakers (speaker_id, raw, first, speaker_type);

CREATE TABLE persons (surname TEXT NOT NULL, first TEXT NOT NULL,
                      PRIMARY KEY (surname, first)) WITHOUT ROWID;

CREATE TABLE groups (
    grp INTEGER PRIMARY KEY,
    gkey TEXT NOT NULL UNIQUE,
    names TEXT NOT NULL,
    cluster_id TEXT
);

CREATE TABLE units (
    unit INTEGER PRIMARY KEY,
    grp INTEGER NOT NULL REFERENCES groups (grp),
    norm TEXT NOT NULL,
    norm_hash INTEGER NOT NULL,
    n_words INTEGER NOT NULL,
    n_shingles INTEGER NOT NULL
);
CREATE INDEX units_grp ON units (grp);
CREATE INDEX units_norm_hash ON units (norm_hash);

CREATE TABLE shingle_df (shingle INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE postings (shingle INTEGER NOT NULL, unit INTEGER NOT NULL,
                       PRIMARY KEY (shingle, unit)) WITHOUT ROWID;
CREATE TABLE prefixes (shingle INTEGER NOT NULL, unit INTEGER NOT NULL,
                       PRIMARY KEY (shingle, unit)) WITHOUT ROWID;

CREATE TABLE links (
    a INTEGER NOT NULL, b INTEGER NOT NULL, kind INTEGER NOT NULL, score REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX links_b ON links (b);

CREATE TABLE clusters (
    cluster_id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    speaker TEXT, speaker_id TEXT,
    first_seen TEXT,
    variants TEXT NOT NULL,
    speaker_disagreement INTEGER NOT NULL,
    n_occurrences INTEGER NOT NULL, n_articles INTEGER NOT NULL, n_outlets INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX clusters_size ON clusters (n_occurrences);

CREATE TABLE speakers (
    speaker_id TEXT PRIMARY KEY,
    name TEXT NOT NULL, kind TEXT, aliases TEXT NOT NULL,
    n_attributions INTEGER NOT NULL, n_articles INTEGER NOT NULL, n_clusters INTEGER NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE attr_fts USING fts5 (
    content, speaker, title, content='', tokenize='unicode61 remove_diacritics 2'
);
"""

_V2 = """
CREATE TABLE runs (
    rowid INTEGER PRIMARY KEY,
    started TEXT NOT NULL, finished TEXT,
    engine TEXT NOT NULL, paths TEXT NOT NULL,
    n_stored INTEGER NOT NULL DEFAULT 0, n_unchanged INTEGER NOT NULL DEFAULT 0,
    n_failed INTEGER NOT NULL DEFAULT 0, skipped TEXT NOT NULL DEFAULT '{}'
);
"""

_V3 = """
ALTER TABLE attributions ADD COLUMN speaker_confidence REAL;
ALTER TABLE clusters ADD COLUMN speaker_confidence REAL;
ALTER TABLE attribution_speakers ADD COLUMN form INTEGER;
ALTER TABLE attribution_speakers ADD COLUMN gender TEXT;
CREATE INDEX attribution_speakers_form ON attribution_speakers (form);

CREATE TABLE name_forms (
    form INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    bucket TEXT NOT NULL,
    n_m INTEGER NOT NULL DEFAULT 0, n_f INTEGER NOT NULL DEFAULT 0,
    prefix TEXT,
    speaker_id TEXT
);
CREATE INDEX name_forms_bucket ON name_forms (bucket);
CREATE INDEX name_forms_prefix ON name_forms (prefix);
CREATE INDEX name_forms_speaker ON name_forms (speaker_id);

CREATE TABLE form_conflicts (bucket TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL,
                             PRIMARY KEY (bucket, a, b)) WITHOUT ROWID;
CREATE TABLE org_pairs (bucket TEXT NOT NULL, acronym TEXT NOT NULL, long TEXT NOT NULL,
                        PRIMARY KEY (bucket, acronym, long)) WITHOUT ROWID;
CREATE TABLE name_pairs (bucket TEXT NOT NULL, real_key TEXT NOT NULL, stage_key TEXT NOT NULL,
                         PRIMARY KEY (bucket, real_key, stage_key)) WITHOUT ROWID;
CREATE INDEX name_pairs_stage ON name_pairs (stage_key);

CREATE TABLE speaker_edits (
    edit INTEGER PRIMARY KEY,
    op TEXT NOT NULL,
    form_key TEXT NOT NULL,
    target_key TEXT,
    tag TEXT NOT NULL,
    bucket TEXT NOT NULL,
    made TEXT NOT NULL
);
CREATE INDEX speaker_edits_bucket ON speaker_edits (bucket);
CREATE INDEX speaker_edits_target ON speaker_edits (target_key);

DROP TABLE persons;
"""

_V4 = """
ALTER TABLE articles ADD COLUMN superseded_by INTEGER;
CREATE INDEX articles_ident ON articles (ident);
CREATE TABLE article_aliases (
    alias TEXT PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles (rowid)
);
CREATE INDEX article_aliases_article ON article_aliases (article);
"""

_V5 = """
ALTER TABLE clusters ADD COLUMN n_groups INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clusters ADD COLUMN names TEXT NOT NULL DEFAULT '[]';
ALTER TABLE clusters ADD COLUMN paraphrases TEXT NOT NULL DEFAULT '[]';
CREATE TABLE cluster_articles (cluster_id TEXT NOT NULL, article INTEGER NOT NULL,
                               PRIMARY KEY (cluster_id, article)) WITHOUT ROWID;
CREATE TABLE cluster_outlets (cluster_id TEXT NOT NULL, outlet TEXT NOT NULL,
                              n INTEGER NOT NULL,
                              PRIMARY KEY (cluster_id, outlet)) WITHOUT ROWID;
CREATE TABLE cluster_speakers (cluster_id TEXT NOT NULL, speaker_id TEXT NOT NULL,
                               raw TEXT NOT NULL, n INTEGER NOT NULL, best REAL,
                               PRIMARY KEY (cluster_id, speaker_id, raw)) WITHOUT ROWID;
CREATE TABLE cluster_redirects (old TEXT PRIMARY KEY, new TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX cluster_redirects_new ON cluster_redirects (new);
CREATE INDEX groups_cluster ON groups (cluster_id);
ALTER TABLE links ADD COLUMN run INTEGER NOT NULL DEFAULT 0;
ALTER TABLE groups ADD COLUMN inner INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attributions ADD COLUMN requote_of INTEGER;
CREATE INDEX attributions_requote ON attributions (requote_of);

CREATE TABLE speaker_raws (speaker_id TEXT NOT NULL, raw TEXT NOT NULL, is_full INTEGER NOT NULL,
                           speaker_type TEXT NOT NULL, n INTEGER NOT NULL,
                           PRIMARY KEY (speaker_id, raw, is_full, speaker_type)) WITHOUT ROWID;
CREATE TABLE speaker_articles (speaker_id TEXT NOT NULL, article INTEGER NOT NULL,
                               n INTEGER NOT NULL,
                               PRIMARY KEY (speaker_id, article)) WITHOUT ROWID;
CREATE TABLE speaker_clusters (speaker_id TEXT NOT NULL, cluster_id TEXT NOT NULL,
                               n INTEGER NOT NULL,
                               PRIMARY KEY (speaker_id, cluster_id)) WITHOUT ROWID;
CREATE TABLE speaker_totals (speaker_id TEXT PRIMARY KEY, n_articles INTEGER NOT NULL,
                             n_clusters INTEGER NOT NULL) WITHOUT ROWID;

CREATE TRIGGER speaker_articles_added AFTER INSERT ON speaker_articles BEGIN
  INSERT INTO speaker_totals VALUES (new.speaker_id, 1, 0)
    ON CONFLICT (speaker_id) DO UPDATE SET n_articles = n_articles + 1;
END;
CREATE TRIGGER speaker_articles_gone AFTER DELETE ON speaker_articles BEGIN
  UPDATE speaker_totals SET n_articles = n_articles - 1 WHERE speaker_id = old.speaker_id;
END;
CREATE TRIGGER speaker_clusters_added AFTER INSERT ON speaker_clusters BEGIN
  INSERT INTO speaker_totals VALUES (new.speaker_id, 0, 1)
    ON CONFLICT (speaker_id) DO UPDATE SET n_clusters = n_clusters + 1;
END;
CREATE TRIGGER speaker_clusters_gone AFTER DELETE ON speaker_clusters BEGIN
  UPDATE speaker_totals SET n_clusters = n_clusters - 1 WHERE speaker_id = old.speaker_id;
END;

-- (the bodies of credit_gone / credit_moved_out and credit_added / credit_moved_in are
-- the same statements: a trigger cannot call another)
CREATE TRIGGER credit_added AFTER INSERT ON attribution_speakers
WHEN new.speaker_id IS NOT NULL BEGIN
  INSERT INTO speaker_raws VALUES (new.speaker_id, new.raw, new.first <> '',
                                   coalesce(new.speaker_type, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO speaker_articles SELECT new.speaker_id, a.article, 1 FROM attributions a
    WHERE a.rowid = new.attribution ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO speaker_clusters SELECT new.speaker_id, a.cluster_id, 1 FROM attributions a
    WHERE a.rowid = new.attribution AND a.cluster_id IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER credit_gone AFTER DELETE ON attribution_speakers
WHEN old.speaker_id IS NOT NULL BEGIN
  UPDATE speaker_raws SET n = n - 1 WHERE speaker_id = old.speaker_id AND raw = old.raw
    AND is_full = (old.first <> '') AND speaker_type = coalesce(old.speaker_type, '');
  DELETE FROM speaker_raws WHERE speaker_id = old.speaker_id AND raw = old.raw
    AND is_full = (old.first <> '') AND speaker_type = coalesce(old.speaker_type, '')
    AND n <= 0;
  UPDATE speaker_articles SET n = n - 1 WHERE speaker_id = old.speaker_id AND article =
    (SELECT article FROM attributions WHERE rowid = old.attribution);
  DELETE FROM speaker_articles WHERE speaker_id = old.speaker_id AND n <= 0 AND article =
    (SELECT article FROM attributions WHERE rowid = old.attribution);
  UPDATE speaker_clusters SET n = n - 1 WHERE speaker_id = old.speaker_id AND cluster_id =
    (SELECT cluster_id FROM attributions WHERE rowid = old.attribution);
  DELETE FROM speaker_clusters WHERE speaker_id = old.speaker_id AND n <= 0 AND cluster_id =
    (SELECT cluster_id FROM attributions WHERE rowid = old.attribution);
END;
CREATE TRIGGER credit_moved_out AFTER UPDATE OF speaker_id ON attribution_speakers
WHEN old.speaker_id IS NOT NULL AND old.speaker_id IS NOT new.speaker_id BEGIN
  UPDATE speaker_raws SET n = n - 1 WHERE speaker_id = old.speaker_id AND raw = old.raw
    AND is_full = (old.first <> '') AND speaker_type = coalesce(old.speaker_type, '');
  DELETE FROM speaker_raws WHERE speaker_id = old.speaker_id AND raw = old.raw
    AND is_full = (old.first <> '') AND speaker_type = coalesce(old.speaker_type, '')
    AND n <= 0;
  UPDATE speaker_articles SET n = n - 1 WHERE speaker_id = old.speaker_id AND article =
    (SELECT article FROM attributions WHERE rowid = old.attribution);
  DELETE FROM speaker_articles WHERE speaker_id = old.speaker_id AND n <= 0 AND article =
    (SELECT article FROM attributions WHERE rowid = old.attribution);
  UPDATE speaker_clusters SET n = n - 1 WHERE speaker_id = old.speaker_id AND cluster_id =
    (SELECT cluster_id FROM attributions WHERE rowid = old.attribution);
  DELETE FROM speaker_clusters WHERE speaker_id = old.speaker_id AND n <= 0 AND cluster_id =
    (SELECT cluster_id FROM attributions WHERE rowid = old.attribution);
END;
CREATE TRIGGER credit_moved_in AFTER UPDATE OF speaker_id ON attribution_speakers
WHEN new.speaker_id IS NOT NULL AND old.speaker_id IS NOT new.speaker_id BEGIN
  INSERT INTO speaker_raws VALUES (new.speaker_id, new.raw, new.first <> '',
                                   coalesce(new.speaker_type, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO speaker_articles SELECT new.speaker_id, a.article, 1 FROM attributions a
    WHERE a.rowid = new.attribution ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO speaker_clusters SELECT new.speaker_id, a.cluster_id, 1 FROM attributions a
    WHERE a.rowid = new.attribution AND a.cluster_id IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER credit_cluster_changed AFTER UPDATE OF cluster_id ON attributions
WHEN old.cluster_id IS NOT new.cluster_id BEGIN
  UPDATE speaker_clusters SET n = n - 1 WHERE cluster_id = old.cluster_id AND speaker_id IN
    (SELECT speaker_id FROM attribution_speakers WHERE attribution = new.rowid);
  DELETE FROM speaker_clusters WHERE cluster_id = old.cluster_id AND n <= 0 AND speaker_id IN
    (SELECT speaker_id FROM attribution_speakers WHERE attribution = new.rowid);
  INSERT INTO speaker_clusters SELECT s.speaker_id, new.cluster_id, 1
    FROM attribution_speakers s WHERE s.attribution = new.rowid AND s.speaker_id IS NOT NULL
    AND new.cluster_id IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;
END;
"""

#: An occurrence's place in its trail, from its article ``ar`` and attribution ``a``:
#: dated ones by day ('1' and the day), within a day those with a time first ('0'), in
#: time order, then the date-only ones ('1'); the undated last ('2'); then the outlet
#: (none before any, char(2) marks one), the article id, the index in the article and the
#: key.  char(1) ends each field, so a shorter outlet or id sorts before a longer one it
#: begins, as SQL compares them.
TRAIL_KEY = ("(CASE WHEN ar.sort_date IS NULL THEN '2' ELSE '1' || substr(ar.sort_date, 1, 10) "
              "|| (CASE WHEN length(ar.sort_date) = 10 THEN '1' ELSE '0' END) || ar.sort_date "
              "END) || char(1) || (CASE WHEN ar.outlet IS NULL THEN '' ELSE char(2) || "
              "ar.outlet END) || char(1) || ar.article_id || char(1) || printf('%010d', a.idx) "
              "|| char(1) || a.key")

_TRAIL_KEY_OF = ("(SELECT " + TRAIL_KEY + " FROM attributions a JOIN articles ar "
                 "ON ar.rowid = a.article WHERE a.rowid = {row})")

_V6 = f"""
ALTER TABLE attributions ADD COLUMN trail_key TEXT;
UPDATE attributions SET trail_key = {_TRAIL_KEY_OF.format(row="attributions.rowid")};
CREATE INDEX attributions_trail ON attributions (cluster_id, trail_key);
CREATE INDEX articles_superseded ON articles (superseded_by) WHERE superseded_by IS NOT NULL;
CREATE TRIGGER trail_key_added AFTER INSERT ON attributions WHEN new.trail_key IS NULL BEGIN
  UPDATE attributions SET trail_key = {_TRAIL_KEY_OF.format(row="new.rowid")}
    WHERE rowid = new.rowid;
END;
CREATE TRIGGER trail_key_moved AFTER UPDATE OF sort_date, outlet, article_id ON articles
BEGIN
  UPDATE attributions SET trail_key = {_TRAIL_KEY_OF.format(row="attributions.rowid")}
    WHERE article = new.rowid;
END;
"""

#: A wording's shingles kept with it (packed signed 64-bit integers, ``array('q')``), so
#: that loading a candidate wording does not hash its words again; older rows have none
#: and are shingled when loaded.
_V7 = """
ALTER TABLE units ADD COLUMN grams BLOB;
"""

#: Migration ``i`` (0-based) brings a store from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7)
SCHEMA_VERSION = len(MIGRATIONS)
