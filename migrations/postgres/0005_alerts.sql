-- Alerts on the campaign and their notifications (issue 11); as migrations/sqlite/0005.

-- One row per condition found on a unit by a rule (core/src/alerts.rs), from
-- the evaluation that first found it to the one that found it cleared.
CREATE TABLE alerts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id     BIGINT NOT NULL REFERENCES campaigns (id),
    unit_code       TEXT NOT NULL REFERENCES units (code),
    rule            TEXT NOT NULL,           -- behind_schedule, silent, anomaly, stage_order, low_completeness
    severity        TEXT NOT NULL,           -- warning, critical
    state           TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
    first_day       DATE NOT NULL,           -- the day of the figures it was first found on
    last_day        DATE NOT NULL,           -- and last found on
    first_seen      TEXT NOT NULL,           -- when (RFC 3339)
    last_seen       TEXT NOT NULL,
    figures         TEXT NOT NULL,           -- JSON [[name, value], ...]: what tripped it
    acknowledged_by BIGINT REFERENCES accounts (id),
    acknowledged_at TEXT,
    comment         TEXT,
    resolved_at     TEXT
);
-- Never two open alerts for the same unit and rule.
CREATE UNIQUE INDEX alerts_one_open ON alerts (campaign_id, unit_code, rule) WHERE state <> 'resolved';
CREATE INDEX alerts_by_day ON alerts (campaign_id, first_day);

-- Each new and resolved alert, for the webhook: delivered with retries
-- and backoff by a worker, never in the way of report intake.
CREATE TABLE alert_notifications (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id        BIGINT NOT NULL REFERENCES alerts (id),
    event           TEXT NOT NULL CHECK (event IN ('new', 'resolved')),
    created_at      TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,         -- Unix seconds
    claimed_until   BIGINT,                  -- a worker is sending it until then
    delivered_at    TEXT,
    failed_at       TEXT,                    -- given up after too many attempts
    last_error      TEXT
);
CREATE INDEX notifications_due ON alert_notifications (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
