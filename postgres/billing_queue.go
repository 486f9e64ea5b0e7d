package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"callmatch/billing"
)

// BillingQueue serves billing the engagements from the outbox, where
// CreateEngagement writes one row per engagement in its own transaction:
// an engagement recorded while Stripe is down waits there and is billed
// when Stripe is back.
type BillingQueue struct {
	db *DB
}

var _ billing.Queue = (*BillingQueue)(nil)

// NewBillingQueue returns the queue over db's outbox.
func NewBillingQueue(db *DB) *BillingQueue { return &BillingQueue{db: db} }

// ClaimCharges leases engagement rows only; the search relay claims its
// own vendor rows.
func (q *BillingQueue) ClaimCharges(ctx context.Context, limit int) ([]billing.Claim, error) {
	rows, err := q.db.ClaimOutbox(ctx, AggregateEngagement, limit)
	if err != nil {
		return nil, err
	}
	out := make([]billing.Claim, len(rows))
	for i, row := range rows {
		out[i] = billing.Claim{Attempts: row.Attempts, Handle: row}
		var p engagementPayload
		if err := json.Unmarshal(row.Payload, &p); err != nil {
			out[i].Err = fmt.Errorf("outbox row %d: engagement payload: %w", row.ID, err)
			continue
		}
		out[i].Charge = billing.Charge{EngagementID: row.AggregateID, IntakeID: p.IntakeID, VendorID: p.VendorID,
			ContractValueCents: p.ContractValueCents, EngagedAt: p.CreatedAt}
	}
	return out, nil
}

// CompleteCharge marks the claimed row done.
func (q *BillingQueue) CompleteCharge(ctx context.Context, c billing.Claim) error {
	row, ok := c.Handle.(OutboxRow)
	if !ok {
		return fmt.Errorf("billing queue: claim %T is not an outbox row", c.Handle)
	}
	return q.db.CompleteOutbox(ctx, []OutboxRow{row})
}

// RetryCharge gives the row back for outboxRetryDelay, so that replicas
// retrying after one outage do not call Stripe in lockstep.
func (q *BillingQueue) RetryCharge(ctx context.Context, c billing.Claim, cause error) error {
	row, ok := c.Handle.(OutboxRow)
	if !ok {
		return fmt.Errorf("billing queue: claim %T is not an outbox row", c.Handle)
	}
	return q.db.RetryOutbox(ctx, row, cause, outboxRetryDelay(row.Attempts))
}
