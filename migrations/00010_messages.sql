-- Mail: one row per message queued in the transaction of its cause. River
-- (whose own tables its migrator creates beside ours, migrations.go) holds
-- one job per row that sends it; this table is what staff see and what
-- makes a repeated cause a no-op.

-- +goose Up

-- The recipient is never stored in the clear: recipient_hash is an HMAC of
-- the normalised address under a key derived from CALLMATCH_DATA_KEY (the
-- uniqueness key, useless for a dictionary attack without the key), and
-- sealed holds the address and the template data, AES-GCM under the data
-- key like a campaign's contact. last_error is written by the worker with
-- addresses scrubbed from it.
CREATE TABLE messages (
    id             uuid        PRIMARY KEY,
    cause          text        NOT NULL CHECK (cause <> ''),
    recipient_hash bytea       NOT NULL,
    kind           text        NOT NULL CHECK (kind ~ '^[a-z0-9_.-]+$'),
    lang           text        NOT NULL CHECK (lang IN ('en', 'es')),
    sealed         bytea       NOT NULL,
    status         text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts       integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error     text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    CONSTRAINT messages_cause_recipient_key UNIQUE (cause, recipient_hash),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

-- The desk lists what is not sent, newest first.
CREATE INDEX messages_unsent ON messages (created_at DESC) WHERE status <> 'sent';

-- +goose Down
DROP TABLE messages;
