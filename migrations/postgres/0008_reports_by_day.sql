-- Reports keyed by day first (issue 10): a national day's 31,797 new
-- reports go to the right edge of the key's index side by side instead of
-- into a page per commune and stage. Every read of reports names a whole
-- key or a day; what a commune reported last is read from its totals.
-- (New campaigns' partitions are built with this key: db/postgres.)
ALTER TABLE reports DROP CONSTRAINT reports_pkey;
ALTER TABLE reports ADD PRIMARY KEY (campaign_id, day, stage, unit_code);

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
