-- Sessions end after a spell without use as well as at their fixed expiry,
-- and failed sign-ins back off per account and client address instead of
-- locking the account.

-- +goose Up
-- last_seen_at slides forward as the session is used (at most about once a
-- minute, so that not every request writes).
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

-- Consecutive failed sign-ins of one (account, address) pair and the time
-- before which that pair may not try again. Unlogged like rate_limits: a
-- crash forgetting some failures is harmless.
CREATE UNLOGGED TABLE login_backoff (
    key        text        PRIMARY KEY,
    failures   integer     NOT NULL CHECK (failures >= 0),
    next_at    timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX login_backoff_expires_at_idx ON login_backoff (expires_at);

-- +goose Down
DROP TABLE login_backoff;
ALTER TABLE sessions DROP COLUMN last_seen_at;
