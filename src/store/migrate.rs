//! Ordered schema steps keyed by `PRAGMA user_version`, each in its own
//! transaction. Never edit a released step: add a new one.

use crate::error::Result;
use rusqlite::Connection;

/// Schema steps; step `i` takes the database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the archive, the change log and per-field clocks.
    r"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One row per field change, the unit that sync carries (DESIGN.md §4).
-- value is JSON; base_* is the (hlc, origin) of the value the editor saw.
CREATE TABLE change_log (
    origin      TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         INTEGER NOT NULL,
    tbl         TEXT    NOT NULL,
    row_id      TEXT    NOT NULL,
    col         TEXT    NOT NULL,
    value       TEXT,
    base_hlc    INTEGER,
    base_origin TEXT,
    PRIMARY KEY (origin, seq)
) STRICT;
CREATE INDEX change_log_row ON change_log (tbl, row_id);

-- The (hlc, origin) of the value each field holds now.
CREATE TABLE field_clock (
    tbl    TEXT    NOT NULL,
    row_id TEXT    NOT NULL,
    col    TEXT    NOT NULL,
    hlc    INTEGER NOT NULL,
    origin TEXT    NOT NULL,
    PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;

-- cl is the causal length: odd = alive, even = deleted.
CREATE TABLE customer (
    id               TEXT PRIMARY KEY,
    cl               INTEGER NOT NULL DEFAULT 1,
    updated_ms       INTEGER NOT NULL,
    name             TEXT NOT NULL,
    kind             TEXT,
    status           TEXT,
    industry         TEXT,
    region           TEXT,
    city             TEXT,
    economic_nature  TEXT,
    scale            TEXT,
    tags             TEXT,
    purchase         INTEGER,
    potential        INTEGER,
    tier_override    TEXT,
    vip              INTEGER,
    stage            TEXT,
    phone            TEXT,
    email            TEXT,
    website          TEXT,
    address          TEXT,
    business         TEXT,
    network          TEXT,
    results          TEXT,
    credit           TEXT,
    finances         TEXT,
    payment_habits   TEXT,
    owner_background TEXT,
    products_used    TEXT,
    purchase_plans   TEXT,
    organisation     TEXT,
    notes            TEXT
) STRICT;

CREATE TABLE person (
    id           TEXT PRIMARY KEY,
    cl           INTEGER NOT NULL DEFAULT 1,
    updated_ms   INTEGER NOT NULL,
    customer_id  TEXT NOT NULL REFERENCES customer (id),
    name         TEXT NOT NULL,
    title        TEXT,
    department   TEXT,
    phone        TEXT,
    email        TEXT,
    im           TEXT,
    level        TEXT,
    function     TEXT,
    role         TEXT,
    closeness    INTEGER,
    social_style TEXT,
    basic_need   TEXT,
    birthday     TEXT,
    family       TEXT,
    hometown     TEXT,
    school       TEXT,
    hobbies      TEXT,
    food         TEXT,
    books        TEXT,
    holidays     TEXT,
    allies       TEXT,
    rivals       TEXT,
    notes        TEXT
) STRICT;
CREATE INDEX person_customer ON person (customer_id);

CREATE TABLE competitor (
    id           TEXT PRIMARY KEY,
    cl           INTEGER NOT NULL DEFAULT 1,
    updated_ms   INTEGER NOT NULL,
    customer_id  TEXT NOT NULL REFERENCES customer (id),
    product      TEXT NOT NULL,
    company      TEXT,
    satisfaction INTEGER,
    their_rep    TEXT,
    rep_style    TEXT,
    relationship TEXT,
    allies       TEXT,
    weak_points  TEXT,
    notes        TEXT
) STRICT;
CREATE INDEX competitor_customer ON competitor (customer_id);

CREATE TABLE trade (
    id          TEXT PRIMARY KEY,
    cl          INTEGER NOT NULL DEFAULT 1,
    updated_ms  INTEGER NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customer (id),
    kind        TEXT NOT NULL,
    date        TEXT NOT NULL,
    amount      INTEGER,
    due         TEXT,
    reference   TEXT,
    note        TEXT
) STRICT;
CREATE INDEX trade_customer ON trade (customer_id, date);

-- Derived, never synced: the ASCII pinyin key and display text search uses,
-- one row per live customer, read in name order at start-up.
CREATE TABLE search_key (
    customer_id TEXT PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    key         TEXT NOT NULL,
    display     TEXT NOT NULL
) STRICT;
CREATE INDEX search_key_name ON search_key (name COLLATE NOCASE, customer_id);
",
    // 2: visits and calls (5W1H plan and log), follow-ups, and per-customer
    // contact norms.
    r"
ALTER TABLE customer ADD COLUMN call_norm TEXT;
ALTER TABLE customer ADD COLUMN visit_norm TEXT;

CREATE TABLE visit (
    id                  TEXT PRIMARY KEY,
    cl                  INTEGER NOT NULL DEFAULT 1,
    updated_ms          INTEGER NOT NULL,
    customer_id         TEXT NOT NULL REFERENCES customer (id),
    kind                TEXT NOT NULL,
    status              TEXT NOT NULL,
    date                TEXT NOT NULL,
    time                TEXT,
    place               TEXT,
    purposes            TEXT,
    goal                TEXT,
    who                 TEXT,
    materials           TEXT,
    opening             TEXT,
    questions           TEXT,
    benefits            TEXT,
    objections_expected TEXT,
    commitment_ask      TEXT,
    precall             TEXT,
    outcome             TEXT,
    met                 TEXT,
    actions             TEXT,
    objections          TEXT,
    objection_notes     TEXT,
    signals             TEXT,
    commitments         TEXT,
    info                TEXT,
    buying_stage        TEXT,
    next_step           TEXT,
    next_date           TEXT,
    logged_on           TEXT,
    notes               TEXT
) STRICT;
CREATE INDEX visit_customer ON visit (customer_id, date);
CREATE INDEX visit_date ON visit (date);

CREATE TABLE followup (
    id          TEXT PRIMARY KEY,
    cl          INTEGER NOT NULL DEFAULT 1,
    updated_ms  INTEGER NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customer (id),
    what        TEXT NOT NULL,
    due         TEXT NOT NULL,
    source      TEXT NOT NULL,
    status      TEXT NOT NULL,
    reason      TEXT,
    ref         TEXT,
    done_on     TEXT,
    notes       TEXT
) STRICT;
CREATE INDEX followup_due ON followup (status, due);
CREATE INDEX followup_customer ON followup (customer_id);
",
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Apply every step above the database's version up to `target`.
pub fn migrate(conn: &mut Connection, target: i64) -> Result<()> {
    let mut version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    while version < target {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
        version += 1;
    }
    Ok(())
}
