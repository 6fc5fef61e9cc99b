-- Every unit's running totals on one day, in one range of an index: what
-- ranking all 10,599 communes on a day reads (see migrations/sqlite/0003).
CREATE INDEX daily_totals_by_day ON daily_totals (campaign_id, day, stage, unit_code) INCLUDE (cumulative);
