-- Delivery (MARKETPLACE.md §4): what vendors report they called, the
-- campaign's scorecard at the end, and the track record both add up to.

-- +goose Up
-- One row per engagement, day and language: a correction replaces the row
-- (version + 1) and production_report_versions keeps every version, the
-- replaced one included; the audit log has a before/after row per
-- correction. vendor_id repeats the engagement's so that a vendor's
-- figures need no join. The checks repeat the domain's validation, so no
-- writer can store contacts above dials or completes above contacts.
CREATE TABLE production_reports (
    engagement_id uuid          NOT NULL REFERENCES engagements (id),
    vendor_id     uuid          NOT NULL REFERENCES vendors (id),
    day           date          NOT NULL,
    language      text          NOT NULL CHECK (language <> ''),
    dials         bigint        NOT NULL CHECK (dials >= 0),
    contacts      bigint        NOT NULL CHECK (contacts >= 0 AND contacts <= dials),
    completes     bigint        NOT NULL CHECK (completes >= 0 AND completes <= contacts),
    agent_hours   numeric(9, 2) NOT NULL CHECK (agent_hours >= 0),
    opt_outs      bigint        NOT NULL CHECK (opt_outs >= 0),
    complaints    bigint        NOT NULL CHECK (complaints >= 0),
    version       integer       NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_by    text          NOT NULL,
    updated_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (engagement_id, day, language)
);

CREATE TABLE production_report_versions (
    engagement_id uuid          NOT NULL REFERENCES engagements (id),
    day           date          NOT NULL,
    language      text          NOT NULL,
    version       integer       NOT NULL,
    dials         bigint        NOT NULL,
    contacts      bigint        NOT NULL,
    completes     bigint        NOT NULL,
    agent_hours   numeric(9, 2) NOT NULL,
    opt_outs      bigint        NOT NULL,
    complaints    bigint        NOT NULL,
    created_by    text          NOT NULL,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (engagement_id, day, language, version)
);

-- The scorecard request of an engagement: one per engagement (the primary
-- key), mailed to the campaign with a single-use token of which only the
-- hash is kept; used_at is set when the scorecard arrives.
CREATE TABLE scorecard_requests (
    engagement_id uuid        PRIMARY KEY REFERENCES engagements (id),
    token_hash    bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    used_at       timestamptz
);

CREATE TABLE scorecards (
    engagement_id    uuid        PRIMARY KEY REFERENCES engagements (id),
    vendor_id        uuid        NOT NULL REFERENCES vendors (id),
    script_adherence smallint    NOT NULL CHECK (script_adherence BETWEEN 1 AND 5),
    data_handling    smallint    NOT NULL CHECK (data_handling BETWEEN 1 AND 5),
    responsiveness   smallint    NOT NULL CHECK (responsiveness BETWEEN 1 AND 5),
    overall          smallint    NOT NULL CHECK (overall BETWEEN 1 AND 5),
    comment          text        NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scorecards_vendor_idx ON scorecards (vendor_id);

-- A vendor's evidence, kept incrementally by the writers of reports and
-- scorecards in their own transactions (never by a vendor, never by a
-- scan): programs with at least one report, their dials and contacts, the
-- scorecards and the sum of their QA scores (0–1 each). Matching turns it
-- into verified figures (matching.TrackRecord).
CREATE TABLE vendor_track_records (
    vendor_id  uuid             PRIMARY KEY REFERENCES vendors (id),
    programs   integer          NOT NULL DEFAULT 0 CHECK (programs >= 0),
    dials      bigint           NOT NULL DEFAULT 0 CHECK (dials >= 0),
    contacts   bigint           NOT NULL DEFAULT 0 CHECK (contacts >= 0 AND contacts <= dials),
    scorecards integer          NOT NULL DEFAULT 0 CHECK (scorecards >= 0),
    qa_sum     double precision NOT NULL DEFAULT 0 CHECK (qa_sum >= 0),
    updated_at timestamptz      NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE vendor_track_records;
DROP TABLE scorecards;
DROP TABLE scorecard_requests;
DROP TABLE production_report_versions;
DROP TABLE production_reports;
