-- Totals keyed by day, and dense (issue 10): see migrations/sqlite/0011.
-- A new day's rows go to the right edge of one index, side by side,
-- instead of a leaf per unit in the unit-major key plus one in the
-- day-major index; `last_totals` is gone (the campaign's last day is it).
-- (New campaigns' partitions are built with this key: db/postgres.)

CREATE TABLE campaign_days (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    day         DATE NOT NULL,
    PRIMARY KEY (campaign_id, day)
);
INSERT INTO campaign_days (campaign_id, day)
SELECT DISTINCT campaign_id, day FROM daily_totals;

-- The rows a unit lacks after its first: carried from its row before.
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

ALTER TABLE daily_totals DROP CONSTRAINT daily_totals_pkey;
DROP INDEX daily_totals_by_day;
ALTER TABLE daily_totals ADD PRIMARY KEY (campaign_id, day, stage, unit_code);
DROP TABLE last_totals;
