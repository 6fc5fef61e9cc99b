-- Every unit's running totals on one day, in one range of an index: what
-- ranking all 10,599 communes on a day reads (four days of it: the day, the
-- day before, 7 and 14 days before). Covering, so the table is not visited.
CREATE INDEX daily_totals_by_day ON daily_totals (campaign_id, day, stage, unit_code, cumulative);
