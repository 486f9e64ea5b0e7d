-- +goose Up
-- Rate-limit counters are hot (every public submission bumps one row) and
-- worthless after a crash: an unlogged table writes no WAL, so a counter
-- bump never waits for a disk flush and never holds its row lock across
-- one. After a crash PostgreSQL empties the table; the worst outcome is
-- that a client's current window starts over.
ALTER TABLE rate_limits SET UNLOGGED;

-- +goose Down
ALTER TABLE rate_limits SET LOGGED;
