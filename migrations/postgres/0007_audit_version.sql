-- The data version each audited change was written at (issue 11). The
-- alert monitor keeps the communes' recent daily counts in memory and asks
-- which days changed since the version it last read, so that judging a
-- national day reads that day again, not the 28 before it.
ALTER TABLE audit_log ADD COLUMN version BIGINT;
CREATE INDEX audit_by_version ON audit_log (campaign_id, version);
