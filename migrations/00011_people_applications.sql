-- People and how they join: invitations, password resets, a user's name,
-- last sign-in and disabling; vendor applications from the public form; and
-- the mail opt-outs behind the one-click links in reminder mail.

-- +goose Up
-- disabled_at set: the user can neither sign in nor use a session or an
-- API token (the store ends those in the same transaction as disabling, and
-- every lookup checks the column too).
ALTER TABLE users
    ADD COLUMN name            text NOT NULL DEFAULT '' CHECK (char_length(name) <= 200),
    ADD COLUMN disabled_at     timestamptz,
    ADD COLUMN last_sign_in_at timestamptz;

-- An invitation is a single-use link (only its SHA-256 hash is kept) that
-- becomes a user when accepted. At most one open invitation per address:
-- inviting again revokes the earlier one in the same transaction.
CREATE TABLE invitations (
    id          uuid        PRIMARY KEY,
    token_hash  bytea       NOT NULL CHECK (length(token_hash) = 32),
    email       text        NOT NULL CHECK (email = lower(email) AND email <> ''),
    role        text        NOT NULL CHECK (role IN ('admin', 'advisor', 'vendor')),
    vendor_id   uuid        REFERENCES vendors (id) ON DELETE CASCADE,
    lang        text        NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'es')),
    invited_by  text        NOT NULL,  -- actor label, not a user FK
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    accepted_at timestamptz,
    revoked_at  timestamptz,
    user_id     uuid        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
    CONSTRAINT invitations_vendor_check CHECK ((role = 'vendor') = (vendor_id IS NOT NULL))
);
CREATE UNIQUE INDEX invitations_open_email_key ON invitations (email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- One-time password reset links, hashed like sessions.
CREATE TABLE password_resets (
    token_hash bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz
);
CREATE INDEX password_resets_user_id_idx ON password_resets (user_id);

-- "List your call center": what an applicant told us. The contact (name,
-- email, phone) is sealed with the data key like a campaign's contact.
CREATE TABLE vendor_applications (
    id          uuid        PRIMARY KEY,
    company     text        NOT NULL CHECK (company <> ''),
    contact     bytea       NOT NULL,
    website     text        NOT NULL DEFAULT '',
    services    text[]      NOT NULL DEFAULT '{}',
    languages   text[]      NOT NULL DEFAULT '{}',
    states      text[]      NOT NULL DEFAULT '{}',
    seats       integer     NOT NULL CHECK (seats BETWEEN 1 AND 100000),
    lang        text        NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'es')),
    status      text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason      text        NOT NULL DEFAULT '',
    vendor_id   uuid        REFERENCES vendors (id) ON DELETE SET NULL,
    decided_by  text        NOT NULL DEFAULT '',
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendor_applications_created_idx ON vendor_applications (created_at DESC, id);

-- Addresses that turned a kind of optional mail off. Keyed by address, not
-- user, so that any recipient a reminder goes to can opt out.
CREATE TABLE mail_opt_outs (
    email      text        NOT NULL CHECK (email = lower(email) AND email <> ''),
    topic      text        NOT NULL CHECK (topic IN ('reminders')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email, topic)
);

-- The one-click links in optional mail: a fresh random token per message,
-- kept hashed, naming the address and topic it turns off.
CREATE TABLE opt_out_links (
    token_hash bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    email      text        NOT NULL,
    topic      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE opt_out_links;
DROP TABLE mail_opt_outs;
DROP TABLE vendor_applications;
DROP TABLE password_resets;
DROP TABLE invitations;
ALTER TABLE users DROP COLUMN last_sign_in_at, DROP COLUMN disabled_at, DROP COLUMN name;
