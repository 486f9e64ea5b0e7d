-- Quotes (MARKETPLACE.md §3): an advisor invites vendors from a saved
-- shortlist to quote by a deadline; each invited vendor answers with quotes
-- (every version kept) or declines with a reason; the advisor releases
-- quotes to the campaign, which may ask to talk to a vendor.
--
-- "invitations" already names account invitations (00011), so the quote
-- invitations are quote_requests here; the API keeps the contract's paths.
--
-- The campaign's consent to show its name to invited vendors is
-- campaign.share_name in intakes.form (jsonb): rows written before lack it,
-- which reads as false, the default. No column is needed for it.

-- +goose Up
-- One invitation of one vendor to quote on one intake. status moves
-- invited → quoted (a quote may be replaced by a newer one, staying quoted)
-- or invited → declined; "expired" is not stored: an invitation still
-- invited after due_at is expired by the clock. current_quote_id is the
-- latest version, set under this row's lock.
CREATE TABLE quote_requests (
    id               uuid        PRIMARY KEY,
    intake_id        uuid        NOT NULL REFERENCES intakes (id),
    shortlist_id     uuid        NOT NULL REFERENCES shortlists (id),
    vendor_id        uuid        NOT NULL REFERENCES vendors (id),
    status           text        NOT NULL DEFAULT 'invited' CONSTRAINT quote_requests_status_check
                                 CHECK (status IN ('invited', 'quoted', 'declined')),
    due_at           timestamptz NOT NULL,
    decline_reason   text        CONSTRAINT quote_requests_decline_reason_check
                                 CHECK (decline_reason IN ('no_capacity', 'not_a_fit', 'price', 'timing', 'other')),
    decline_note     text        NOT NULL DEFAULT '' CHECK (char_length(decline_note) <= 2000),
    answered_at      timestamptz,
    current_quote_id uuid,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- One invitation per vendor and intake: inviting again returns it.
    CONSTRAINT quote_requests_intake_vendor_key UNIQUE (intake_id, vendor_id),
    CONSTRAINT quote_requests_declined_check CHECK ((status = 'declined') = (decline_reason IS NOT NULL))
);
CREATE INDEX quote_requests_vendor_idx ON quote_requests (vendor_id, created_at DESC);

-- Every version of every quote, never updated but for released_at. seats
-- is [{"week_start", "language", "seats"}], pricing null or
-- [{"service", "model", "amount_cents"}].
CREATE TABLE quotes (
    id           uuid        PRIMARY KEY,
    request_id   uuid        NOT NULL REFERENCES quote_requests (id),
    intake_id    uuid        NOT NULL REFERENCES intakes (id),
    vendor_id    uuid        NOT NULL REFERENCES vendors (id),
    version      integer     NOT NULL CHECK (version > 0),
    total_cents  bigint      NOT NULL CHECK (total_cents > 0),
    start_date   date        NOT NULL,
    valid_until  date        NOT NULL,
    seats        jsonb       NOT NULL CHECK (jsonb_typeof(seats) = 'array'),
    pricing      jsonb       CHECK (pricing IS NULL OR jsonb_typeof(pricing) = 'array'),
    note         text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 5000),
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    released_at  timestamptz,
    released_by  text        NOT NULL DEFAULT '',
    CONSTRAINT quotes_request_version_key UNIQUE (request_id, version)
);
CREATE INDEX quotes_intake_idx ON quotes (intake_id);
ALTER TABLE quote_requests ADD CONSTRAINT quote_requests_current_quote_fkey
    FOREIGN KEY (current_quote_id) REFERENCES quotes (id);

-- Holds: the seats of each current quote, tentative until it expires
-- (valid_until, by the reader's clock) or the intake is no longer open
-- (engaged: signed, here or elsewhere; withdrawn; closed). Never knockouts.
CREATE VIEW quote_holds AS
    SELECT q.vendor_id, q.intake_id, q.id AS quote_id, q.valid_until,
           (s ->> 'week_start')::date AS week_start, s ->> 'language' AS language,
           (s ->> 'seats')::numeric(9, 1) AS seats
    FROM quote_requests r
    JOIN quotes q ON q.id = r.current_quote_id
    JOIN intakes i ON i.id = r.intake_id
    CROSS JOIN LATERAL jsonb_array_elements(q.seats) s
    WHERE r.status = 'quoted' AND i.status IN ('submitted', 'in_review', 'shortlisted', 'shared');

-- The campaign's "talk to this vendor": one per quote, asked through the
-- private link; asking again changes nothing.
CREATE TABLE quote_talks (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quote_id   uuid        NOT NULL REFERENCES quotes (id),
    intake_id  uuid        NOT NULL REFERENCES intakes (id),
    vendor_id  uuid        NOT NULL REFERENCES vendors (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT quote_talks_quote_key UNIQUE (quote_id)
);

-- +goose Down
DROP TABLE quote_talks;
DROP VIEW quote_holds;
ALTER TABLE quote_requests DROP CONSTRAINT quote_requests_current_quote_fkey;
DROP TABLE quotes;
DROP TABLE quote_requests;
