//! The first schema steps (released: never edited), each a constant that
//! `MIGRATIONS` lists in order.

/// Step 1: the archive, the change log and per-field clocks.
pub(super) const STEP_1: &str = r"
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
";

/// Step 2: visits and calls (5W1H plan and log), follow-ups, and per-customer
/// contact norms.
pub(super) const STEP_2: &str = r"
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
";

/// Step 3: a change log fit for sync (DESIGN.md §2, §4). Devices, rows and
/// columns are interned as integers; a new row is one `_insert` record
/// holding its initial values; field clocks exist only for later edits;
/// every record carries the transaction it belongs to and the causal
/// length its writer saw. Records of schema 2 are carried over one to one
/// (tx = seq, cl = 0: not known then).
pub(super) const STEP_3: &str = r"
CREATE TABLE device (
    n    INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE
) STRICT;
-- uuid: the 16 bytes of a hyphenated UUID, or the id's text otherwise.
CREATE TABLE row_ref (
    n    INTEGER PRIMARY KEY,
    uuid ANY NOT NULL UNIQUE
) STRICT;
CREATE TABLE col_ref (
    n   INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    col TEXT NOT NULL,
    UNIQUE (tbl, col)
) STRICT;

ALTER TABLE change_log RENAME TO change_log_v2;
ALTER TABLE field_clock RENAME TO field_clock_v2;
DROP INDEX change_log_row;

CREATE TABLE change_log (
    origin      INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         INTEGER NOT NULL,
    tx          INTEGER NOT NULL,
    row         INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    cl          INTEGER NOT NULL,
    value       TEXT,
    base_hlc    INTEGER,
    base_origin INTEGER,
    PRIMARY KEY (origin, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX change_log_row ON change_log (row);

CREATE TABLE field_clock (
    row    INTEGER NOT NULL,
    col    INTEGER NOT NULL,
    hlc    INTEGER NOT NULL,
    origin INTEGER NOT NULL,
    PRIMARY KEY (row, col)
) STRICT, WITHOUT ROWID;

-- Values that lost to a concurrent edit, kept for review: never dropped.
CREATE TABLE conflict (
    row           INTEGER NOT NULL,
    col           INTEGER NOT NULL,
    hlc           INTEGER NOT NULL,
    origin        INTEGER NOT NULL,
    value         TEXT,
    winner_hlc    INTEGER NOT NULL,
    winner_origin INTEGER NOT NULL,
    found_ms      INTEGER NOT NULL,
    resolved      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (row, col, hlc, origin)
) STRICT, WITHOUT ROWID;

-- Rows erased for privacy: a late change from another device cannot bring
-- them back.
CREATE TABLE erased (
    row INTEGER PRIMARY KEY
) STRICT;

-- Generated follow-ups hold only their source; their title is rendered
-- when read, in the reader's language, with no one's name stored.
-- Only those the app made (their ref names the person or the record); one
-- the rep wrote by hand keeps the rep's words.
UPDATE change_log_v2 SET value = json_quote((SELECT f.source FROM followup f WHERE f.id = change_log_v2.row_id))
    WHERE tbl = 'followup' AND col = 'what'
      AND row_id IN (SELECT id FROM followup WHERE (source = 'birthday' AND ref LIKE 'birthday:%')
                                               OR (source IN ('payment', 'delivery') AND ref LIKE 'trade:%'));
UPDATE followup SET what = source
    WHERE (source = 'birthday' AND ref LIKE 'birthday:%') OR (source IN ('payment', 'delivery') AND ref LIKE 'trade:%');

INSERT OR IGNORE INTO device (uuid)
    SELECT value FROM meta WHERE key = 'device_id'
    UNION SELECT origin FROM change_log_v2
    UNION SELECT base_origin FROM change_log_v2 WHERE base_origin IS NOT NULL;
INSERT OR IGNORE INTO row_ref (uuid)
    SELECT DISTINCT coalesce(CASE WHEN length(row_id) = 36 AND row_id = lower(row_id)
                                  THEN unhex(replace(row_id, '-', '')) END, row_id)
    FROM change_log_v2;
INSERT OR IGNORE INTO col_ref (tbl, col) SELECT DISTINCT tbl, col FROM change_log_v2;

INSERT INTO change_log (origin, seq, hlc, tx, row, col, cl, value, base_hlc, base_origin)
    SELECT d.n, l.seq, l.hlc, l.seq, r.n, c.n, CASE WHEN l.col = '_cl' THEN CAST(l.value AS INTEGER) ELSE 0 END,
           l.value, l.base_hlc, b.n
    FROM change_log_v2 l
    JOIN device d ON d.uuid = l.origin
    JOIN row_ref r ON r.uuid = coalesce(CASE WHEN length(l.row_id) = 36 AND l.row_id = lower(l.row_id)
                                             THEN unhex(replace(l.row_id, '-', '')) END, l.row_id)
    JOIN col_ref c ON c.tbl = l.tbl AND c.col = l.col
    LEFT JOIN device b ON b.uuid = l.base_origin;
INSERT INTO field_clock (row, col, hlc, origin)
    SELECT r.n, c.n, f.hlc, d.n
    FROM field_clock_v2 f
    JOIN device d ON d.uuid = f.origin
    JOIN row_ref r ON r.uuid = coalesce(CASE WHEN length(f.row_id) = 36 AND f.row_id = lower(f.row_id)
                                             THEN unhex(replace(f.row_id, '-', '')) END, f.row_id)
    JOIN col_ref c ON c.tbl = f.tbl AND c.col = f.col;
DROP TABLE change_log_v2;
DROP TABLE field_clock_v2;

-- Generated follow-ups are found by their source.
CREATE INDEX followup_ref ON followup (ref) WHERE ref IS NOT NULL;
";
