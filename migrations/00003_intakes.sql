-- Campaign intakes, shortlists (decision records), the advisor's events
-- beside them, and engagements. Contact details are only ever stored
-- encrypted; shortlists and events cannot be changed once written.

-- +goose Up

-- form is the consultation form WITHOUT its contact, which lives only in
-- contact_ciphertext (AES-256-GCM, bound to the row id). start_date and
-- end_date are projections of form for the urgency sort.
CREATE TABLE intakes (
    id                   uuid        PRIMARY KEY,
    status               text        NOT NULL CONSTRAINT intakes_status_check
                         CHECK (status IN ('submitted', 'in_review', 'shortlisted', 'shared',
                                           'engaged', 'closed', 'withdrawn')),
    version              bigint      NOT NULL DEFAULT 1,
    form                 jsonb       NOT NULL,
    contact_ciphertext   bytea,      -- NULL once erased
    -- SHA-256 of the campaign's private link token; the token itself is
    -- never stored in the clear.
    token_hash           bytea       NOT NULL CHECK (length(token_hash) = 32),
    -- The token sealed like the contact, kept only for submissions with an
    -- Idempotency-Key and only for the replay window, so that a retried
    -- submission can be answered with the same link.
    token_ciphertext     bytea,
    idempotency_key_hash bytea       CHECK (length(idempotency_key_hash) = 32),
    request_hash         bytea       CHECK (length(request_hash) = 32),
    start_date           date        NOT NULL,
    end_date             date        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    erased_at            timestamptz,
    CONSTRAINT intakes_token_hash_key UNIQUE (token_hash),
    CONSTRAINT intakes_idempotency_key UNIQUE (idempotency_key_hash),
    CONSTRAINT intakes_idempotency_check CHECK ((idempotency_key_hash IS NULL) = (request_hash IS NULL)),
    -- A contact exists exactly until it is erased.
    CONSTRAINT intakes_erased_check CHECK ((erased_at IS NULL) = (contact_ciphertext IS NOT NULL))
);

CREATE INDEX intakes_created_idx      ON intakes (created_at DESC, id DESC);  -- newest first
CREATE INDEX intakes_status_start_idx ON intakes (status, start_date);        -- queue by status, urgency
CREATE INDEX intakes_replay_idx       ON intakes (created_at) WHERE token_ciphertext IS NOT NULL;

-- One row per run of the engine. result is json, not jsonb: json keeps the
-- engine's bytes exactly, so the record shows what the engine said.
CREATE TABLE shortlists (
    id              uuid        PRIMARY KEY,
    intake_id       uuid        NOT NULL REFERENCES intakes (id),
    version         integer     NOT NULL CHECK (version > 0),
    intake_version  bigint      NOT NULL,
    weights         jsonb       NOT NULL,
    method          text        NOT NULL,
    as_of           date        NOT NULL,
    result_limit    integer     NOT NULL DEFAULT 0,
    catalog_version text        NOT NULL,
    engine_version  text        NOT NULL,
    result          json        NOT NULL,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    shared_at       timestamptz,
    shared_by       text        NOT NULL DEFAULT '',
    CONSTRAINT shortlists_intake_version_key UNIQUE (intake_id, version)
);

CREATE INDEX shortlists_shared_idx ON shortlists (intake_id, shared_at DESC) WHERE shared_at IS NOT NULL;

-- Pins, drops and notes: appended, never edited.
CREATE TABLE shortlist_events (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shortlist_id uuid        NOT NULL REFERENCES shortlists (id),
    type         text        NOT NULL CONSTRAINT shortlist_events_type_check
                             CHECK (type IN ('pin', 'drop', 'note')),
    vendor_id    text        NOT NULL DEFAULT '',
    reason       text        NOT NULL CHECK (char_length(reason) BETWEEN 3 AND 2000),
    actor        text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shortlist_events_vendor_check CHECK (type = 'note' OR vendor_id <> '')
);

CREATE INDEX shortlist_events_shortlist_idx ON shortlist_events (shortlist_id, id);

-- One engagement per vendor and intake: recording it twice would invoice
-- the referral fee twice.
CREATE TABLE engagements (
    id                   uuid        PRIMARY KEY,
    intake_id            uuid        NOT NULL REFERENCES intakes (id),
    vendor_id            uuid        NOT NULL REFERENCES vendors (id),
    shortlist_id         uuid        NOT NULL REFERENCES shortlists (id),
    contract_value_cents bigint      NOT NULL CHECK (contract_value_cents > 0),
    created_by           text        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT engagements_intake_vendor_key UNIQUE (intake_id, vendor_id)
);

CREATE INDEX engagements_vendor_idx ON engagements (vendor_id);

-- Decision records are immutable in the database too, not only by the
-- store's good manners: a shortlist may only gain its shared_at (once),
-- and events may never change or go.
-- +goose StatementBegin
CREATE FUNCTION shortlists_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'shortlists are decision records and cannot be deleted';
    END IF;
    IF (NEW.id, NEW.intake_id, NEW.version, NEW.intake_version, NEW.weights, NEW.method, NEW.as_of,
        NEW.result_limit, NEW.catalog_version, NEW.engine_version, NEW.result::text,
        NEW.created_by, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.intake_id, OLD.version, OLD.intake_version, OLD.weights, OLD.method, OLD.as_of,
        OLD.result_limit, OLD.catalog_version, OLD.engine_version, OLD.result::text,
        OLD.created_by, OLD.created_at)
       OR (OLD.shared_at IS NOT NULL AND (NEW.shared_at, NEW.shared_by) IS DISTINCT FROM (OLD.shared_at, OLD.shared_by))
    THEN
        RAISE EXCEPTION 'shortlists are decision records; only shared_at may be set, once';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION shortlist_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'shortlist events are appended, never changed or deleted';
END
$$;
-- +goose StatementEnd

CREATE TRIGGER shortlists_guard BEFORE UPDATE OR DELETE ON shortlists
    FOR EACH ROW EXECUTE FUNCTION shortlists_guard();
CREATE TRIGGER shortlist_events_guard BEFORE UPDATE OR DELETE ON shortlist_events
    FOR EACH ROW EXECUTE FUNCTION shortlist_events_guard();

-- +goose Down
DROP TABLE engagements;
DROP TABLE shortlist_events;
DROP TABLE shortlists;
DROP FUNCTION shortlist_events_guard();
DROP FUNCTION shortlists_guard();
DROP TABLE intakes;
