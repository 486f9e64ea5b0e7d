-- What the campaign was shown, and what it wrote back.
--
-- shortlist_shares: each time an advisor shares, the campaign gets a new
-- version of its shortlist: one shortlist as it stood then, its events up
-- to last_event_id. Pins, drops and notes added later stay with the
-- advisor until the next share, so the campaign's page never changes under
-- its eyes. Shares are appended, never changed (the trigger), like the
-- decision records they point at. shortlists.shared_at stays the first
-- share of that shortlist.
--
-- campaign_messages: a campaign's message to its advisor from the status
-- page. The text may carry personal data (names, numbers), so it is sealed
-- with AES-GCM under the data key like the contact; erasing the intake
-- sets it to NULL. client_key is the page's one-time form key: a repeated
-- post of the same form stores and mails nothing more.

-- +goose Up
CREATE TABLE shortlist_shares (
    id            uuid        PRIMARY KEY,
    intake_id     uuid        NOT NULL REFERENCES intakes (id),
    number        integer     NOT NULL CHECK (number > 0),
    shortlist_id  uuid        NOT NULL REFERENCES shortlists (id),
    last_event_id bigint      NOT NULL DEFAULT 0 CHECK (last_event_id >= 0),
    shared_by     text        NOT NULL DEFAULT '',
    shared_at     timestamptz NOT NULL,
    CONSTRAINT shortlist_shares_number_key UNIQUE (intake_id, number)
);

-- Shortlists shared before versions existed: one share each, with every
-- event so far. Until now the campaign's page applied each event as it
-- came, drops and notes after sharing too; a share cut off at the first
-- sharing would bring back a vendor the campaign has seen dropped (and
-- an engaged or closed intake cannot share again to repair it). So the
-- campaign keeps seeing exactly what it saw the moment before.
INSERT INTO shortlist_shares (id, intake_id, number, shortlist_id, last_event_id, shared_by, shared_at)
SELECT gen_random_uuid(), s.intake_id,
       row_number() OVER (PARTITION BY s.intake_id ORDER BY s.shared_at, s.version),
       s.id,
       coalesce((SELECT max(e.id) FROM shortlist_events e WHERE e.shortlist_id = s.id), 0),
       s.shared_by, s.shared_at
FROM shortlists s WHERE s.shared_at IS NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION shortlist_shares_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'shortlist shares are appended, never changed or deleted';
END
$$;
-- +goose StatementEnd

CREATE TRIGGER shortlist_shares_guard BEFORE UPDATE OR DELETE ON shortlist_shares
    FOR EACH ROW EXECUTE FUNCTION shortlist_shares_guard();

CREATE TABLE campaign_messages (
    id          uuid        PRIMARY KEY,
    intake_id   uuid        NOT NULL REFERENCES intakes (id),
    client_key  text        NOT NULL CHECK (length(client_key) BETWEEN 1 AND 64),
    lang        text        NOT NULL CHECK (lang IN ('en', 'es')),
    sealed      bytea,      -- NULL once the intake is erased
    created_at  timestamptz NOT NULL,
    CONSTRAINT campaign_messages_key UNIQUE (intake_id, client_key)
);

CREATE INDEX campaign_messages_intake ON campaign_messages (intake_id, created_at DESC);

-- +goose Down
DROP TABLE campaign_messages;
DROP TABLE shortlist_shares;
DROP FUNCTION shortlist_shares_guard();
