-- Each unit's last running total per stage (issue 10): the day of its
-- newest totals row and that row's cumulative count. A new day continues
-- from here, and the check of a figure after it reads here, instead of
-- seeking the newest row of every unit in `daily_totals` (a page per unit,
-- scattered over the table). 34,104 rows for the whole country.
CREATE TABLE last_totals (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    unit_code   TEXT NOT NULL,
    stage       TEXT NOT NULL,
    day         DATE NOT NULL,
    cumulative  BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, unit_code, stage)
) WITHOUT ROWID;
INSERT INTO last_totals (campaign_id, unit_code, stage, day, cumulative)
SELECT t.campaign_id, t.unit_code, t.stage, t.day, t.cumulative
FROM (SELECT campaign_id, unit_code, stage, MAX(day) AS day FROM daily_totals
      GROUP BY campaign_id, unit_code, stage) m
JOIN daily_totals t ON t.campaign_id = m.campaign_id AND t.unit_code = m.unit_code
                   AND t.stage = m.stage AND t.day = m.day;

-- A unit's history on its page lists corrections (a figure replacing a
-- recorded one). Indexing every first report by unit dirtied a page per
-- commune of the index on each national day (0.1 s, growing with the log);
-- first reports stay in the log, indexed by version.
DROP INDEX audit_by_unit;
CREATE INDEX audit_corrections_by_unit ON audit_log (campaign_id, unit_code, at)
    WHERE old_count IS NOT NULL;
