-- Bookings: the seats each engagement holds at its vendor per week and
-- language (MARKETPLACE.md §1), and the team-plan part an engagement was
-- signed for (§2). Several engagements of one intake, one per vendor, are
-- the parts of one team plan; engagements_intake_vendor_key already allows
-- exactly that.

-- +goose Up
-- part is NULL for an engagement of the whole program, else the part:
-- {"max_vendors": n, "shares": [{"week_start", "language", "share"}]}.
ALTER TABLE engagements ADD COLUMN part jsonb
    CONSTRAINT engagements_part_check CHECK (part IS NULL OR jsonb_typeof(part) = 'object');

-- A booking lives exactly as long as its engagement holds the seats:
-- releasing deletes the rows (the audit log keeps what was released).
-- vendor_id and intake_id repeat the engagement's so that the two reads
-- that matter, a vendor's weeks (the check under the vendor's lock, the
-- vendor's bookings page) and an intake's bookings (release), need no join.
CREATE TABLE bookings (
    id            bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    engagement_id uuid          NOT NULL REFERENCES engagements (id),
    vendor_id     uuid          NOT NULL REFERENCES vendors (id),
    intake_id     uuid          NOT NULL REFERENCES intakes (id),
    week_start    date          NOT NULL CONSTRAINT bookings_week_start_check
                                CHECK (extract(isodow FROM week_start) = 1),
    language      text          NOT NULL CHECK (language <> ''),
    seats         numeric(9, 1) NOT NULL CHECK (seats > 0),
    created_at    timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT bookings_engagement_week_language_key UNIQUE (engagement_id, week_start, language)
);
CREATE INDEX bookings_vendor_week_idx ON bookings (vendor_id, week_start);
CREATE INDEX bookings_intake_idx ON bookings (intake_id);

-- Every booking write bumps catalog_version.version (the snapshot holds
-- bookings too) and also bookings_version. A watcher that sees both move
-- by the same amount since its last load knows that only bookings changed
-- and keeps its compiled vendors, reloading just the bookings.
ALTER TABLE catalog_version ADD COLUMN bookings_version bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE catalog_version DROP COLUMN bookings_version;
DROP TABLE bookings;
ALTER TABLE engagements DROP COLUMN part;
