-- Reports clustered by day (issue 10): a national day's 31,797 new reports
-- are appended side by side instead of going into a page per commune and
-- stage (a page each, 130 MB through the log per day). Every read of reports
-- names a whole key or a day; what a commune reported last is read from its
-- totals, which stay clustered by unit.
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
