-- Evidence a vendor uploads for a certification (an audit report, a
-- certificate), for the advisor who verifies it. The bytes live here rather
-- than in an object store so that the one database stays the one thing to
-- back up; uploads are capped at 10 MB by the application and by the check.

-- +goose Up

CREATE TABLE certification_documents (
    certification_id uuid        PRIMARY KEY REFERENCES certifications (id) ON DELETE CASCADE,
    filename         text        NOT NULL CHECK (length(filename) <= 255),
    content_type     text        NOT NULL CHECK (content_type = 'application/pdf'),
    size_bytes       integer     NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    sha256           bytea       NOT NULL CHECK (length(sha256) = 32),
    data             bytea       NOT NULL,
    uploaded_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT certification_documents_size_check CHECK (length(data) = size_bytes)
);

-- +goose Down

DROP TABLE certification_documents;
