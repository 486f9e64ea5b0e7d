-- An advisor's undo of a pin or drop is one more event, "undo", that takes
-- back the vendor's latest pin or drop not yet taken back: events stay
-- appended, never edited (intake.Shortlist.Standing reads them).

-- +goose Up
ALTER TABLE shortlist_events
    DROP CONSTRAINT shortlist_events_type_check,
    ADD CONSTRAINT shortlist_events_type_check CHECK (type IN ('pin', 'drop', 'note', 'undo'));

-- +goose Down
-- Undo rows cannot be deleted (shortlist_events_guard), so the old check
-- holds for new rows only.
ALTER TABLE shortlist_events
    DROP CONSTRAINT shortlist_events_type_check,
    ADD CONSTRAINT shortlist_events_type_check CHECK (type IN ('pin', 'drop', 'note')) NOT VALID;
