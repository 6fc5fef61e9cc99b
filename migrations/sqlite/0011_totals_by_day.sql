-- Totals keyed by day (issue 10). A new national day inserted 34,000 rows
-- into a table keyed by unit (a page per unit, scattered over 600 MB) plus
-- the day-major index, and rewrote `last_totals`: 0.4 s of a 1 s batch.
-- Keyed by day first, a new day's rows are appended side by side, and the
-- day-major index is the table itself.
--
-- For that, totals become dense: every unit and stage has a row on every
-- day of the campaign (`campaign_days`: the days any figure was recorded
-- for) from its first figure on, with a count of 0 and the running total
-- carried on days it did not report. "The running total on or before a
-- day" is then one probe on the campaign's last day before it, not a seek
-- backwards through a unit's rows; a new day is the day before plus the
-- batch's deltas. Whether a commune reported on a day is read from
-- `reports` (also keyed by day, migration 0008).

CREATE TABLE campaign_days (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    day         DATE NOT NULL,
    PRIMARY KEY (campaign_id, day)
) WITHOUT ROWID;
INSERT INTO campaign_days (campaign_id, day)
SELECT DISTINCT campaign_id, day FROM daily_totals;

-- The rows a unit lacks after its first: carried from its row before
-- (done while the table is still keyed by unit, where that is one seek).
INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
SELECT f.campaign_id, f.unit_code, f.stage, c.day, 0,
       (SELECT t.cumulative FROM daily_totals t
        WHERE t.campaign_id = f.campaign_id AND t.unit_code = f.unit_code
          AND t.stage = f.stage AND t.day < c.day
        ORDER BY t.day DESC LIMIT 1)
FROM (SELECT campaign_id, unit_code, stage, MIN(day) AS first_day FROM daily_totals
      GROUP BY campaign_id, unit_code, stage) f
JOIN campaign_days c ON c.campaign_id = f.campaign_id AND c.day > f.first_day
WHERE NOT EXISTS (SELECT 1 FROM daily_totals t
                  WHERE t.campaign_id = f.campaign_id AND t.unit_code = f.unit_code
                    AND t.day = c.day AND t.stage = f.stage);

CREATE TABLE totals_by_day (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    unit_code   TEXT NOT NULL REFERENCES units (code),
    stage       TEXT NOT NULL,
    day         DATE NOT NULL,
    count       BIGINT NOT NULL,
    cumulative  BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, day, stage, unit_code)
) WITHOUT ROWID;
INSERT INTO totals_by_day (campaign_id, unit_code, stage, day, count, cumulative)
SELECT campaign_id, unit_code, stage, day, count, cumulative FROM daily_totals
ORDER BY campaign_id, day, stage, unit_code;
DROP TABLE daily_totals;
ALTER TABLE totals_by_day RENAME TO daily_totals;

-- Each unit's last running total is its row on the campaign's last day.
DROP TABLE last_totals;
