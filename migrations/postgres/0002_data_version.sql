-- The data version, the ancestry of units and whole campaigns (issue 9);
-- as migrations/sqlite/0002.

-- A counter every write increments inside its own transaction; its row lock
-- also makes writers take turns, so two re-sends of one report cannot both
-- read the old figure. Caches key on it; NOTIFY carries it to every server.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

-- A campaign is served once it is loaded whole (see the SQLite migration).
ALTER TABLE campaigns ADD COLUMN complete BOOLEAN NOT NULL DEFAULT TRUE;

-- Each unit with itself and every unit above it.
CREATE TABLE unit_ancestors (
    unit_code     TEXT NOT NULL REFERENCES units (code),
    ancestor_code TEXT NOT NULL REFERENCES units (code),
    PRIMARY KEY (unit_code, ancestor_code)
);
