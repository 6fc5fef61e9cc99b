-- Keys that suit a national day's batch (issue 10). A new day touched a
-- page per commune and stage in both large tables, 270 MB through the log.
-- Reports are clustered by day: a day's 31,797 reports are appended side by
-- side (every read of reports names a whole key or a day; what a commune
-- reported last is read from its totals). Totals stay clustered by unit,
-- the day before the stage: a unit's three stages of a day share a page,
-- so a new day touches a page per unit, not per unit and stage.
CREATE TABLE reports_by_day (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    unit_code   TEXT NOT NULL REFERENCES units (code),
    stage       TEXT NOT NULL,
    day         DATE NOT NULL,
    count       BIGINT NOT NULL CHECK (count >= 0),
    source      TEXT NOT NULL,               -- demo, form, upload, api
    received_at TEXT NOT NULL,               -- RFC 3339
    PRIMARY KEY (campaign_id, day, stage, unit_code)
) WITHOUT ROWID;
INSERT INTO reports_by_day (campaign_id, unit_code, stage, day, count, source, received_at)
SELECT campaign_id, unit_code, stage, day, count, source, received_at FROM reports
ORDER BY campaign_id, day, stage, unit_code;
DROP TABLE reports;
ALTER TABLE reports_by_day RENAME TO reports;

CREATE TABLE totals_by_unit_day (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    unit_code   TEXT NOT NULL REFERENCES units (code),
    stage       TEXT NOT NULL,
    day         DATE NOT NULL,
    count       BIGINT NOT NULL,
    cumulative  BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, unit_code, day, stage)
) WITHOUT ROWID;
INSERT INTO totals_by_unit_day (campaign_id, unit_code, stage, day, count, cumulative)
SELECT campaign_id, unit_code, stage, day, count, cumulative FROM daily_totals
ORDER BY campaign_id, unit_code, day, stage;
DROP TABLE daily_totals;
ALTER TABLE totals_by_unit_day RENAME TO daily_totals;
CREATE INDEX daily_totals_by_day ON daily_totals (campaign_id, day, stage, unit_code, cumulative);

-- A commune now has a total on every day it reported, zero included (a
-- loaded campaign always had; a zero report sent before this migration did
-- not make one): the days a commune last reported are read from its totals.
INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
SELECT r.campaign_id, r.unit_code, r.stage, r.day, 0,
       COALESCE((SELECT t.cumulative FROM daily_totals t
                 WHERE t.campaign_id = r.campaign_id AND t.unit_code = r.unit_code
                   AND t.stage = r.stage AND t.day < r.day
                 ORDER BY t.day DESC LIMIT 1), 0)
FROM reports r
WHERE r.count = 0
  AND NOT EXISTS (SELECT 1 FROM daily_totals t
                  WHERE t.campaign_id = r.campaign_id AND t.unit_code = r.unit_code
                    AND t.stage = r.stage AND t.day = r.day);
