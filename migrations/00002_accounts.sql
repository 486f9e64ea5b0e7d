-- Accounts: users, sessions, API tokens and shared rate-limit counters.
-- users.vendor_id deliberately has no foreign key to vendors: this migration
-- stands on its own, and a vendor's users are removed by the code that
-- removes the vendor.

-- +goose Up
CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    email         text        NOT NULL,
    role          text        NOT NULL,
    vendor_id     uuid,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email),
    -- The domain lowercases, and this keeps a stray writer from creating a
    -- second account that differs only in case.
    CONSTRAINT users_email_lower CHECK (email = lower(email) AND email <> ''),
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'advisor', 'vendor')),
    CONSTRAINT users_vendor_check CHECK ((role = 'vendor') = (vendor_id IS NOT NULL))
);
CREATE INDEX users_vendor_id_idx ON users (vendor_id) WHERE vendor_id IS NOT NULL;

-- Only SHA-256 hashes of session and API tokens are stored: a leaked
-- backup holds no usable secret.
CREATE TABLE sessions (
    token_hash bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    token_hash   bytea       NOT NULL CHECK (length(token_hash) = 32),
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);
CREATE INDEX api_tokens_expires_at_idx ON api_tokens (expires_at);

-- Fixed-window counters shared by every replica. expires_at (window end)
-- lets one purge serve windows of any length.
CREATE TABLE rate_limits (
    key          text        NOT NULL,
    window_start timestamptz NOT NULL,
    count        integer     NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_expires_at_idx ON rate_limits (expires_at);

-- +goose Down
DROP TABLE rate_limits;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
