-- An engagement whose program was called off before calling started
-- (closed or withdrawn before its start: its bookings released) takes no
-- production reports and asks for no scorecard: a program that never ran
-- must not become evidence in the vendor's track record.

-- +goose Up
ALTER TABLE engagements ADD COLUMN released_at timestamptz;

-- +goose Down
ALTER TABLE engagements DROP COLUMN released_at;
