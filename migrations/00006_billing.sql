-- Billing: vendors' referral fee terms, their Stripe customers, one invoice
-- per engagement, and the Stripe webhook events already handled. Nothing
-- in the catalog or the matching engine reads these tables.

-- +goose Up

-- A vendor without a row here is billed on the standard terms
-- (billing.StandardTerms). cap_cents NULL means no cap.
CREATE TABLE fee_terms (
    vendor_id     uuid        PRIMARY KEY REFERENCES vendors (id),
    rate_bps      integer     NOT NULL CHECK (rate_bps BETWEEN 0 AND 10000),
    minimum_cents bigint      NOT NULL DEFAULT 0 CHECK (minimum_cents >= 0),
    cap_cents     bigint      CHECK (cap_cents > 0 AND cap_cents >= minimum_cents),
    updated_by    text        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- A vendor's customer is created on its first invoice and kept: one
-- customer per vendor, whatever the number of attempts.
CREATE TABLE stripe_customers (
    vendor_id   uuid        PRIMARY KEY REFERENCES vendors (id),
    customer_id text        NOT NULL CONSTRAINT stripe_customers_customer_key UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One invoice per engagement, by constraint: billing twice is the one
-- mistake this table exists to prevent. The fee terms are copied at the
-- time the invoice is opened, so the record explains its own fee. The
-- stripe_* ids are stored as each step on Stripe succeeds, so that a
-- retried job skips the steps already done.
CREATE TABLE invoices (
    id                      uuid        PRIMARY KEY,
    engagement_id           uuid        NOT NULL REFERENCES engagements (id)
                                        CONSTRAINT invoices_engagement_key UNIQUE,
    intake_id               uuid        NOT NULL REFERENCES intakes (id),
    vendor_id               uuid        NOT NULL REFERENCES vendors (id),
    contract_value_cents    bigint      NOT NULL CHECK (contract_value_cents > 0),
    rate_bps                integer     NOT NULL,
    minimum_cents           bigint      NOT NULL,
    cap_cents               bigint,
    fee_cents               bigint      NOT NULL CHECK (fee_cents >= 0),
    currency                text        NOT NULL DEFAULT 'USD',
    status                  text        NOT NULL CONSTRAINT invoices_status_check
                            CHECK (status IN ('pending', 'draft', 'open', 'uncollectible', 'paid', 'void')),
    stripe_customer_id      text        NOT NULL DEFAULT '',
    stripe_invoice_id       text        CONSTRAINT invoices_stripe_invoice_key UNIQUE,
    stripe_item_id          text        NOT NULL DEFAULT '',
    number                  text        NOT NULL DEFAULT '',
    hosted_invoice_url      text        NOT NULL DEFAULT '',
    due_at                  timestamptz,
    finalized_at            timestamptz,
    paid_at                 timestamptz,
    voided_at               timestamptz,
    marked_uncollectible_at timestamptz,
    payment_failed_at       timestamptz,
    version                 bigint      NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invoices_created_idx ON invoices (created_at DESC, id DESC);
CREATE INDEX invoices_vendor_idx  ON invoices (vendor_id, created_at DESC, id DESC);

-- Paid and void are final, in the database too: whatever a later event or
-- a stray writer says, the status stays.
-- +goose StatementBegin
CREATE FUNCTION invoices_final_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status IN ('paid', 'void') AND NEW.status IS DISTINCT FROM OLD.status THEN
        RAISE EXCEPTION 'invoice % is %, which is final', OLD.id, OLD.status;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER invoices_final_guard BEFORE UPDATE ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoices_final_guard();

-- Stripe webhook events already handled, written in the transaction of
-- their effect: a redelivered event finds its id and changes nothing.
CREATE TABLE stripe_events (
    id          text        PRIMARY KEY,
    type        text        NOT NULL,
    api_version text        NOT NULL DEFAULT '',
    invoice_id  uuid,       -- ours, when the event was about one
    outcome     text        NOT NULL,
    created_at  timestamptz,             -- Stripe's time of the event
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX stripe_events_invoice_idx ON stripe_events (invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX stripe_events_received_idx ON stripe_events (received_at);

-- +goose Down
DROP TABLE stripe_events;
DROP TRIGGER invoices_final_guard ON invoices;
DROP FUNCTION invoices_final_guard();
DROP TABLE invoices;
DROP TABLE stripe_customers;
DROP TABLE fee_terms;
