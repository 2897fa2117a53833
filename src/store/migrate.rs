//! Ordered schema steps keyed by `PRAGMA user_version`, each in its own
//! transaction. Never edit a released step: add a new one.

use crate::error::Result;
use rusqlite::{Connection, TransactionBehavior};

mod first;

/// Schema steps; step `i` takes the database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the archive, the change log and per-field clocks (`first`).
    first::STEP_1,
    // 2: visits and calls, follow-ups, contact norms (`first`).
    first::STEP_2,
    // 3: a change log fit for sync (`first`).
    first::STEP_3,
    // 4: week reviews: the rep's own Plan goals, Check notes and Act items
    // of an ISO week, and its figures frozen when it is closed (issue 10
    // §2–§4). Synced like every user table.
    r"
CREATE TABLE week_review (
    id          TEXT PRIMARY KEY,
    cl          INTEGER NOT NULL DEFAULT 1,
    updated_ms  INTEGER NOT NULL,
    week        TEXT NOT NULL,
    goals       TEXT,
    worked      TEXT,
    not_worked  TEXT,
    closed      INTEGER,
    frozen      TEXT
) STRICT;
CREATE INDEX week_review_week ON week_review (week);

CREATE TABLE review_act (
    id          TEXT PRIMARY KEY,
    cl          INTEGER NOT NULL DEFAULT 1,
    updated_ms  INTEGER NOT NULL,
    review_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    customer_id TEXT,
    followup_id TEXT,
    carried     INTEGER
) STRICT;
CREATE INDEX review_act_review ON review_act (review_id);
",
    // 5: opportunities (商机) and the funnel, qualifying prospects: one need of one customer
    // followed through the buying process; a visit log may name one and
    // the stage it moved it to. The stage history is the change log's
    // (every value of funnel_stage and state, dated by stage_since and
    // closed_on).
    r"
CREATE TABLE opportunity (
    id            TEXT PRIMARY KEY,
    cl            INTEGER NOT NULL DEFAULT 1,
    updated_ms    INTEGER NOT NULL,
    customer_id   TEXT NOT NULL REFERENCES customer (id),
    need          TEXT NOT NULL,
    product       TEXT,
    amount        INTEGER,
    funnel_stage  TEXT NOT NULL,
    stage_since   TEXT,
    state         TEXT NOT NULL,
    decision_date TEXT,
    competitors   TEXT,
    reason        TEXT,
    closed_on     TEXT,
    notes         TEXT
) STRICT;
CREATE INDEX opportunity_customer ON opportunity (customer_id);
CREATE INDEX opportunity_state ON opportunity (state, funnel_stage);
ALTER TABLE visit ADD COLUMN opportunity TEXT;
ALTER TABLE visit ADD COLUMN opportunity_stage TEXT;
-- Qualifying prospects (DOMAIN.md §2): need, purchasing power, decision
-- authority, and the golden and poor traits ticked.
ALTER TABLE customer ADD COLUMN qual_need INTEGER;
ALTER TABLE customer ADD COLUMN qual_power INTEGER;
ALTER TABLE customer ADD COLUMN qual_authority INTEGER;
ALTER TABLE customer ADD COLUMN golden_traits TEXT;
ALTER TABLE customer ADD COLUMN poor_traits TEXT;
",
    // 6: sync by changeset files (issue 11): what each peer device is known
    // to hold (its contiguous seq per origin, as its files said), changes
    // received but not applied yet (a table or column of a newer schema, a
    // row whose creating change has not arrived), and the files of a sync
    // folder already applied.
    r"
CREATE TABLE peer_known (
    peer   INTEGER NOT NULL,
    origin INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (peer, origin)
) STRICT, WITHOUT ROWID;
CREATE TABLE peer (
    n        INTEGER PRIMARY KEY,
    seen_ms  INTEGER NOT NULL,
    files    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE parked (
    origin INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (origin, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE sync_file (
    name       TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    applied_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
",
    // 7: search: every reading, everything a rep remembers (issue 13). A
    // search record holds fields (a separator, a field code, the text)
    // instead of one ASCII key; older rows are rewritten here from the
    // rows they came from (name, key people, city, region, tags, phones,
    // e-mails, open follow-ups). Class, last contact and preferred
    // readings come with the customer's next write (until then its ties
    // rank after the others).
    r"
UPDATE search_key SET key = '3 0|', display = coalesce((
    SELECT char(31) || 'n' || c.name
        || coalesce((SELECT group_concat(char(31) || 'p' || p.name, '') FROM person p
                     WHERE p.customer_id = c.id AND p.cl % 2 = 1), '')
        || coalesce(char(31) || 'c' || nullif(c.city, ''), '')
        || coalesce(char(31) || 'r' || nullif(c.region, ''), '')
        || coalesce(char(31) || 't' || nullif(c.tags, ''), '')
        || coalesce(char(31) || 'f' || nullif(c.phone, ''), '')
        || coalesce((SELECT group_concat(char(31) || 'f' || p.phone, '') FROM person p
                     WHERE p.customer_id = c.id AND p.cl % 2 = 1 AND p.phone <> ''), '')
        || coalesce(char(31) || 'e' || nullif(c.email, ''), '')
        || coalesce((SELECT group_concat(char(31) || 'e' || p.email, '') FROM person p
                     WHERE p.customer_id = c.id AND p.cl % 2 = 1 AND p.email <> ''), '')
        || coalesce((SELECT group_concat(char(31) || 'o' || replace(f.what, char(31), ' '), '') FROM followup f
                     WHERE f.customer_id = c.id AND f.cl % 2 = 1 AND f.status = 'open'), '')
    FROM customer c WHERE c.id = search_key.customer_id), display)
WHERE substr(display, 1, 1) <> char(31);
",
    // 8: search index ready at once (issue 13): `search_key.sort`, each
    // live customer's key in the pinyin name order (src/search/order.rs;
    // filled from Rust when an archive is opened for writing, see
    // `search_index::fill_sort_keys`), indexed for the first page; and
    // `search_dirty`, which customers' search records changed in which
    // generation, kept by triggers on every change to `search_key` (the
    // writer's refresh, sync, undo, restore, erase, a rebuild), so that an
    // index saved beside the archive is brought up to date, or rebuilt.
    // (An upsert, not INSERT OR REPLACE: the policy of the statement that
    // fires a trigger overrides an OR clause inside it.)
    r"
ALTER TABLE search_key ADD COLUMN sort TEXT NOT NULL DEFAULT '';
CREATE INDEX search_key_sort ON search_key (sort, customer_id);
CREATE TABLE search_dirty (
    customer_id TEXT PRIMARY KEY,
    gen         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX search_dirty_gen ON search_dirty (gen);
CREATE TRIGGER search_key_inserted AFTER INSERT ON search_key BEGIN
    INSERT INTO search_dirty (customer_id, gen)
        SELECT NEW.customer_id, coalesce(max(gen), 0) + 1 FROM search_dirty WHERE true
        ON CONFLICT (customer_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER search_key_updated AFTER UPDATE ON search_key BEGIN
    INSERT INTO search_dirty (customer_id, gen)
        SELECT NEW.customer_id, coalesce(max(gen), 0) + 1 FROM search_dirty WHERE true
        ON CONFLICT (customer_id) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER search_key_deleted AFTER DELETE ON search_key BEGIN
    INSERT INTO search_dirty (customer_id, gen)
        SELECT OLD.customer_id, coalesce(max(gen), 0) + 1 FROM search_dirty WHERE true
        ON CONFLICT (customer_id) DO UPDATE SET gen = excluded.gen;
END;
",
    // 9: change files taken in whole, by the SHA-256 of their content (the
    // checksum in their trailer): a file byte-identical to one taken in
    // changes nothing again and is not read again (issue 11). Rows are
    // only added after the import's transaction committed; the change log
    // never loses a record, so what such a file brought is still held.
    r"
CREATE TABLE sync_taken (
    sha256   TEXT PRIMARY KEY,
    records  INTEGER NOT NULL,
    taken_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
",
    // 10: a resolution names the value it settles (issue 11): the record a
    // resolved conflict writes carries the (hlc, origin) of the losing
    // value, so that the conflict closes on every device the record
    // reaches, and a device that gets the value later does not keep it.
    // Few records settle anything: the index holds only those.
    r"
ALTER TABLE change_log ADD COLUMN settles_hlc INTEGER;
ALTER TABLE change_log ADD COLUMN settles_origin INTEGER;
CREATE INDEX change_log_settles ON change_log (settles_hlc, settles_origin, row, col) WHERE settles_hlc IS NOT NULL;
",
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Apply every step above the database's version up to `target`.
///
/// Each step takes the write lock first and reads the version again inside
/// its transaction, so two processes opening an old archive at once migrate
/// it once.
pub fn migrate(conn: &mut Connection, target: i64) -> Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version >= target {
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}
