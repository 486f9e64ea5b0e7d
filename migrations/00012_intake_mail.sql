-- What the campaign's mail needs: the private link again, and a way to find
-- a campaign's intakes by its address without opening every sealed contact.

-- +goose Up
-- link_ciphertext is the private link token sealed with the data key (like
-- contact_ciphertext, bound to the row), kept for the intake's life so that
-- "send me my link again" mails the SAME link: a new token would break the
-- links the campaign has already passed around. token_ciphertext stays what
-- it was, a copy for idempotent replays that is purged after a day.
--
-- email_hash is HMAC-SHA256 of the lowercased, trimmed contact address under
-- a key derived from the data key: findable by address, but a database
-- reader without the key cannot confirm a guessed address. Both go with the
-- contact on erasure. Intakes from before this migration have neither, so
-- they cannot get their link by mail.
ALTER TABLE intakes
    ADD COLUMN link_ciphertext bytea,
    ADD COLUMN email_hash      bytea CHECK (length(email_hash) = 32),
    ADD CONSTRAINT intakes_erased_mail_check
        CHECK (erased_at IS NULL OR (link_ciphertext IS NULL AND email_hash IS NULL));

CREATE INDEX intakes_email_hash_idx ON intakes (email_hash) WHERE email_hash IS NOT NULL;

-- +goose Down
ALTER TABLE intakes
    DROP CONSTRAINT intakes_erased_mail_check,
    DROP COLUMN email_hash,
    DROP COLUMN link_ciphertext;
