-- Keys that suit a national day's batch (issue 10): a new day touched a
-- leaf of each key's index per commune and stage. Reports are keyed by day
-- first: a day's 31,797 new reports go to the right edge side by side
-- (every read of reports names a whole key or a day; what a commune
-- reported last is read from its totals). Totals stay keyed by unit, the
-- day before the stage: a unit's three stages of a day share a leaf.
-- (New campaigns' partitions are built with these keys: db/postgres.)
ALTER TABLE reports DROP CONSTRAINT reports_pkey;
ALTER TABLE reports ADD PRIMARY KEY (campaign_id, day, stage, unit_code);
ALTER TABLE daily_totals DROP CONSTRAINT daily_totals_pkey;
ALTER TABLE daily_totals ADD PRIMARY KEY (campaign_id, unit_code, day, stage);
-- The audit log's foreign keys were checked by a trigger per row: 0.3 s of
-- a national day. Its rows come from the server's own campaign and account
-- ids, as the reports' do, whose keys were dropped for the same reason.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_campaign_id_fkey;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_account_id_fkey;

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
