-- Tiendo's schema on PostgreSQL: administrative units, campaigns with
-- per-stage targets, the daily reports units send, and per-unit daily
-- totals kept up to date at every level so that no page scans the reports.
-- The same tables as migrations/sqlite/0001, in PostgreSQL's types.

-- The administrative tree: 'VN' (nation) > 63 provinces > 705 districts > 10,599 communes.
CREATE TABLE units (
    code        TEXT PRIMARY KEY,            -- GSO code: 2 digits province, 3 district, 5 commune; 'VN'
    level       TEXT NOT NULL CHECK (level IN ('nation', 'province', 'district', 'commune')),
    name        TEXT NOT NULL,               -- short name, 'Hà Nội'
    full_name   TEXT NOT NULL,               -- 'Thành phố Hà Nội'
    kind        TEXT NOT NULL,               -- tinh, thanh-pho, quan, huyen, thi-xa, phuong, xa, thi-tran
    slug        TEXT NOT NULL,               -- 'ha-noi', also the name without diacritics
    parent_code TEXT REFERENCES units (code),
    region      TEXT,                        -- GSO socio-economic region (provinces only)
    population  BIGINT,                      -- GSO 2020 average population (provinces and nation)
    weight      BIGINT NOT NULL              -- share used to split targets among siblings (docs/DATA.md)
);
CREATE INDEX units_by_parent ON units (parent_code);
CREATE INDEX units_by_level ON units (level);

CREATE TABLE campaigns (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    start_date DATE NOT NULL,
    simulated  BOOLEAN NOT NULL DEFAULT FALSE, -- figures come from `tiendo demo`, not real reports
    updated_at TEXT                           -- when figures last changed (RFC 3339)
);

-- National target and deadline per stage. The deadline is the last day on
-- which the target may still be met ("before 1 July" = 30 June).
CREATE TABLE campaign_stages (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    stage       TEXT NOT NULL CHECK (stage IN ('applications', 'produced', 'delivered')),
    target      BIGINT NOT NULL CHECK (target >= 0),
    deadline    DATE NOT NULL,
    PRIMARY KEY (campaign_id, stage)
);

-- The national target split down the tree; children sum exactly to their parent.
CREATE TABLE targets (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    unit_code   TEXT NOT NULL REFERENCES units (code),
    stage       TEXT NOT NULL,
    target      BIGINT NOT NULL CHECK (target >= 0),
    PRIMARY KEY (campaign_id, unit_code, stage)
);

-- What a commune reported for one stage and day. The key makes a re-sent
-- report replace the earlier one, never add to it.
-- Unlike SQLite's, the two large tables are partitioned by campaign and
-- carry no foreign keys. A campaign's ten million rows are loaded into a
-- table of their own without indexes, indexed once, and attached as a
-- partition in the transaction creating the campaign: readers never wait,
-- and a replaced campaign is dropped whole instead of deleted row by row.
-- (Foreign keys, checked row by row with triggers, made a load take
-- minutes; writers check units: only known communes are recorded.)
CREATE TABLE reports (
    campaign_id BIGINT NOT NULL,
    unit_code   TEXT NOT NULL,
    stage       TEXT NOT NULL,
    day         DATE NOT NULL,
    count       BIGINT NOT NULL CHECK (count >= 0),
    source      TEXT NOT NULL,               -- demo, form, upload, api
    received_at TEXT NOT NULL,               -- RFC 3339
    PRIMARY KEY (campaign_id, unit_code, stage, day)
) PARTITION BY LIST (campaign_id);

-- Per unit (every level), stage and day: the day's count and the running total.
-- Derived from reports; moved whenever a report changes.
CREATE TABLE daily_totals (
    campaign_id BIGINT NOT NULL,
    unit_code   TEXT NOT NULL,
    stage       TEXT NOT NULL,
    day         DATE NOT NULL,
    count       BIGINT NOT NULL,
    cumulative  BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, unit_code, stage, day)
) PARTITION BY LIST (campaign_id);

-- Published figures of the real campaign, drawn on charts for comparison.
CREATE TABLE milestones (
    day       DATE NOT NULL,
    scope     TEXT NOT NULL,                 -- 'national' or a province code
    stage     TEXT NOT NULL,                 -- a stage, 'event' or 'target'
    value     BIGINT,
    precision TEXT,                          -- exact, about, more_than, reached, target
    source    TEXT NOT NULL
);
