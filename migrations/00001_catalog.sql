-- The vendor catalog: vendors, their certifications, the audit log, the
-- search outbox and the catalog version. Users live in 00002_accounts.sql;
-- nothing here references them by foreign key, so audit rows outlive users.

-- +goose Up

-- Scalar and array columns exist only so that list filters can use indexes;
-- everything else about a vendor lives in doc. The store derives the arrays
-- from the vendor on every write, so they never disagree with doc.
CREATE TABLE vendors (
    id          uuid        PRIMARY KEY,
    slug        text        NOT NULL CONSTRAINT vendors_slug_key UNIQUE,
    name        text        NOT NULL,
    status      text        NOT NULL CONSTRAINT vendors_status_check
                            CHECK (status IN ('draft', 'pending_review', 'active', 'suspended')),
    union_shop  boolean     NOT NULL DEFAULT false,
    onshore     boolean     NOT NULL DEFAULT true,  -- every site in the US
    serves      text[]      NOT NULL DEFAULT '{}',
    services    text[]      NOT NULL DEFAULT '{}',
    languages   text[]      NOT NULL DEFAULT '{}',  -- codes with at least one seat
    states      text[]      NOT NULL DEFAULT '{}',  -- regions of US sites
    doc         jsonb       NOT NULL,
    version     bigint      NOT NULL DEFAULT 1,     -- +1 per write; orders the outbox
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX vendors_name_id_idx   ON vendors (name, id);  -- list order
CREATE INDEX vendors_status_idx    ON vendors (status);
CREATE INDEX vendors_serves_idx    ON vendors USING gin (serves);
CREATE INDEX vendors_services_idx  ON vendors USING gin (services);
CREATE INDEX vendors_languages_idx ON vendors USING gin (languages);
CREATE INDEX vendors_states_idx    ON vendors USING gin (states);

-- Certifications have their own lifecycle (submitted, then verified or
-- rejected by an advisor), so they are rows, not part of the vendor doc.
CREATE TABLE certifications (
    id          uuid        PRIMARY KEY,
    seq         bigint      GENERATED ALWAYS AS IDENTITY,  -- keeps submission order
    vendor_id   uuid        NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    kind        text        NOT NULL,
    status      text        NOT NULL CONSTRAINT certifications_status_check
                            CHECK (status IN ('pending', 'verified', 'rejected')),
    issued_on   date,
    expires_on  date        NOT NULL,
    reason      text        NOT NULL DEFAULT '',
    decided_by  text        NOT NULL DEFAULT '',  -- actor label, not a user FK
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT certifications_term_check CHECK (issued_on IS NULL OR expires_on > issued_on)
);

CREATE INDEX certifications_vendor_idx ON certifications (vendor_id, seq);
CREATE INDEX certifications_valid_idx  ON certifications (kind, expires_on, vendor_id)
    WHERE status = 'verified';

-- One row; every catalog write increments it in its own transaction, so the
-- version a snapshot reads always matches the rows it reads. The row lock
-- also orders concurrent writers, which makes versions follow commit order.
CREATE TABLE catalog_version (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    version  bigint  NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (true, 0);

-- Who changed what, in the same transaction as the change. actor is a label
-- ("user:<id>", "cli", "seed"), never a foreign key.
CREATE TABLE audit_log (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text        NOT NULL,
    role         text        NOT NULL DEFAULT '',
    request_id   text        NOT NULL DEFAULT '',
    action       text        NOT NULL,
    object_type  text        NOT NULL,
    object_id    text        NOT NULL,
    diff         jsonb       NOT NULL
);

CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, id);

-- Transactional outbox feeding the search index. A relay leases the oldest
-- pending row of each aggregate (next_attempt_at moves into the future while
-- it works), so one aggregate's rows are handled strictly in order.
CREATE TABLE outbox (
    id               bigserial   PRIMARY KEY,
    aggregate        text        NOT NULL,
    aggregate_id     text        NOT NULL,
    version          bigint      NOT NULL,
    payload          jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claim_token      uuid,
    done_at          timestamptz,
    last_error       text        NOT NULL DEFAULT ''
);

CREATE INDEX outbox_pending_idx   ON outbox (id) WHERE done_at IS NULL;
CREATE INDEX outbox_aggregate_idx ON outbox (aggregate, aggregate_id, id) WHERE done_at IS NULL;
CREATE INDEX outbox_done_idx      ON outbox (done_at) WHERE done_at IS NOT NULL;

-- +goose Down
DROP TABLE outbox;
DROP TABLE audit_log;
DROP TABLE catalog_version;
DROP TABLE certifications;
DROP TABLE vendors;
