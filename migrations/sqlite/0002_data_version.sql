-- The data version, the ancestry of units and whole campaigns (issue 9).

-- A counter every write (reports, targets, milestones, a campaign load)
-- increments inside its own transaction. Caches key on it and the change
-- feed carries it; a clock could repeat or go back, a counter cannot.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

-- A campaign is served once it is loaded whole: a load writes its rows and
-- sets this in one transaction, and a replaced campaign is set aside with
-- complete = FALSE until its rows are deleted.
ALTER TABLE campaigns ADD COLUMN complete BOOLEAN NOT NULL DEFAULT TRUE;
-- Loads before this migration stamped updated_at last: a campaign without
-- it was left half-loaded, and `tiendo demo --if-empty` loads it again.
UPDATE campaigns SET complete = (updated_at IS NOT NULL);

-- Each unit with itself and every unit above it: a commune's report moves
-- the totals of all four of its units in one set-based statement.
CREATE TABLE unit_ancestors (
    unit_code     TEXT NOT NULL REFERENCES units (code),
    ancestor_code TEXT NOT NULL REFERENCES units (code),
    PRIMARY KEY (unit_code, ancestor_code)
) WITHOUT ROWID;
WITH RECURSIVE up (unit_code, ancestor_code) AS (
    SELECT code, code FROM units
    UNION ALL
    SELECT up.unit_code, u.parent_code FROM up JOIN units u ON u.code = up.ancestor_code
    WHERE u.parent_code IS NOT NULL)
INSERT INTO unit_ancestors (unit_code, ancestor_code)
SELECT unit_code, ancestor_code FROM up;
