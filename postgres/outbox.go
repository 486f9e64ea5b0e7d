package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// AggregateVendor names vendor rows in the outbox.
const AggregateVendor = "vendor"

// OutboxLease is how long a claimed row stays hidden from other relays. A
// relay must finish a batch well within it (give its calls a shorter
// timeout): once the lease runs out another relay may claim the same row,
// and a slow relay's late write could land after the newer one.
const OutboxLease = time.Minute

// outboxRow is the outbox table.
type outboxRow struct {
	ID            int64 `gorm:"primaryKey"`
	Aggregate     string
	AggregateID   string
	Version       int64
	Payload       []byte `gorm:"type:jsonb"`
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	ClaimToken    *string
	DoneAt        *time.Time
	LastError     string
}

func (outboxRow) TableName() string { return "outbox" }

// OutboxRow is a claimed outbox entry: the aggregate changed and reached
// Version in the transaction that wrote the row.
type OutboxRow struct {
	ID          int64
	Aggregate   string
	AggregateID string
	Version     int64
	Payload     json.RawMessage
	Attempts    int // including the current claim
	CreatedAt   time.Time
	LastError   string // from the previous attempt
	// Through is the newest pending row of the same aggregate at claim
	// time. A relay that sends the aggregate's current state, read after
	// the claim, has covered every row up to Through, and CompleteOutbox
	// marks them all done: a burst of edits to one vendor costs one update.
	Through int64
	token   string
}

// writeOutbox records, in the writer's transaction, that an aggregate
// changed, so that the search index hears of every committed change and of
// nothing that rolled back.
func writeOutbox(tx *gorm.DB, aggregate, aggregateID string, version int64, payload any) error {
	row, err := newOutboxRow(aggregate, aggregateID, version, payload)
	if err != nil {
		return err
	}
	// Omitted columns take their defaults, the database's now() among them.
	if err := tx.Omit(outboxDefaults...).Create(&row).Error; err != nil {
		return fmt.Errorf("write outbox: %w", err)
	}
	return nil
}

var outboxDefaults = []string{"CreatedAt", "NextAttemptAt", "DoneAt", "ClaimToken"}

func newOutboxRow(aggregate, aggregateID string, version int64, payload any) (outboxRow, error) {
	row := outboxRow{Aggregate: aggregate, AggregateID: aggregateID, Version: version}
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return row, fmt.Errorf("outbox payload: %w", err)
		}
		row.Payload = b
	}
	return row, nil
}

// claimSQL leases up to N due rows, taking only the oldest pending row of
// each aggregate. While that row is pending (leased, or waiting for a retry)
// no later row of its aggregate can be claimed by anyone, so one aggregate's
// changes are always delivered in order, whatever the number of relays.
// SKIP LOCKED lets concurrent claimers pass each other's rows instead of
// queueing behind them.
//
// The plan must not hinge on statistics: right after a bulk import the
// table holds tens of thousands of pending rows that ANALYZE has never
// seen. Written as NOT EXISTS, the oldest-row test became an anti-join, and
// with no statistics PostgreSQL picked one that rescans every pending row
// of the type for each candidate; 50k rows took over ten minutes. A scalar
// subquery is never turned into a join: it stays an index probe per
// candidate. claimSettings supplies the other half, the walk through the
// candidates in id order.
const claimSQL = `
WITH claimable AS (
    SELECT o.id FROM outbox o
    WHERE o.aggregate = ? AND o.done_at IS NULL AND o.next_attempt_at <= now()
      AND o.id = (
          SELECT min(p.id) FROM outbox p
          WHERE p.aggregate = o.aggregate AND p.aggregate_id = o.aggregate_id
            AND p.done_at IS NULL)
    ORDER BY o.id
    LIMIT ?
    FOR UPDATE SKIP LOCKED
)
UPDATE outbox o
SET attempts = o.attempts + 1,
    next_attempt_at = now() + ? * interval '1 millisecond',
    claim_token = ?
FROM claimable c
WHERE o.id = c.id
RETURNING o.id, o.aggregate, o.aggregate_id, o.version, o.payload, o.attempts,
    o.created_at, o.last_error, o.claim_token,
    (SELECT max(p.id) FROM outbox p
     WHERE p.aggregate = o.aggregate AND p.aggregate_id = o.aggregate_id
       AND p.done_at IS NULL) AS through`

// claimSettings hold for the claim's transaction only. Without sorting, the
// planner can deliver rows in id order only by walking an index on id
// (outbox_pending_idx), so the claim reads candidates oldest first and stops
// at its LIMIT. With sorting allowed, the row estimates of a table whose
// statistics predate its backlog made "probe every pending row of the type,
// then sort" look cheaper: seconds for 100k rows instead of milliseconds.
// The price: a claim also steps over other types' pending rows (about
// 1.5 µs each; an index on (aggregate, id) would avoid it, but without
// statistics the planner then used it for the min/max probes too and
// walked it whole). JIT is off because the walk's estimated cost can
// pass jit_above_cost, and compiling takes longer than the claim itself.
const claimSettings = `SELECT set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`

// ClaimOutbox leases up to limit due rows of one aggregate type ("vendor"
// for the search relay, "engagement" for billing) for OutboxLease, oldest
// first, at most one per aggregate. Each consumer claims only its own type,
// so that no consumer completes rows meant for another. The claim commits before returning, so the relay
// holds no transaction while it talks to the search engine. Finish each row
// with CompleteOutbox or RetryOutbox; a row left alone becomes claimable
// again when its lease ends.
func (db *DB) ClaimOutbox(ctx context.Context, aggregate string, limit int) ([]OutboxRow, error) {
	if limit <= 0 {
		return nil, nil
	}
	var got []struct {
		ID          int64
		Aggregate   string
		AggregateID string
		Version     int64
		Payload     []byte
		Attempts    int
		CreatedAt   time.Time
		LastError   string
		ClaimToken  string
		Through     int64
	}
	token := uuid.NewString()
	err := db.InTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(claimSettings).Error; err != nil {
			return err
		}
		return tx.Raw(claimSQL, aggregate, limit, OutboxLease.Milliseconds(), token).Scan(&got).Error
	})
	if err != nil {
		return nil, translate("claim outbox", err)
	}
	out := make([]OutboxRow, len(got))
	for i, g := range got {
		out[i] = OutboxRow{
			ID: g.ID, Aggregate: g.Aggregate, AggregateID: g.AggregateID, Version: g.Version,
			Payload: g.Payload, Attempts: g.Attempts, CreatedAt: g.CreatedAt,
			LastError: g.LastError, Through: g.Through, token: g.ClaimToken,
		}
	}
	// UPDATE … RETURNING does not keep the CTE's order.
	slices.SortFunc(out, func(a, b OutboxRow) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// CompleteOutbox marks claimed rows done, each together with the later
// rows of its aggregate up to Through. A row whose lease was lost to
// another relay is left to that relay, so that it is not released early
// and overtaken by the aggregate's next row.
func (db *DB) CompleteOutbox(ctx context.Context, rows []OutboxRow) error {
	err := db.InTx(ctx, func(tx *gorm.DB) error {
		for _, r := range rows {
			res := tx.Exec(`UPDATE outbox SET done_at = now(), claim_token = NULL
				WHERE id = ? AND claim_token = ? AND done_at IS NULL`, r.ID, r.token)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 || r.Through <= r.ID {
				continue
			}
			err := tx.Exec(`UPDATE outbox SET done_at = now()
				WHERE aggregate = ? AND aggregate_id = ? AND id > ? AND id <= ? AND done_at IS NULL`,
				r.Aggregate, r.AggregateID, r.ID, r.Through).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	return translate("complete outbox", err)
}

// RetryOutbox gives a claimed row back, to be claimed again after delay
// (see OutboxBackoff), and keeps the cause for operators. Later rows of the
// same aggregate wait behind it. A lost lease makes this a no-op.
func (db *DB) RetryOutbox(ctx context.Context, row OutboxRow, cause error, delay time.Duration) error {
	msg := ""
	if cause != nil {
		msg = cause.Error()
	}
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	err := db.InTx(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE outbox
			SET next_attempt_at = now() + ? * interval '1 millisecond', last_error = ?, claim_token = NULL
			WHERE id = ? AND claim_token = ? AND done_at IS NULL`,
			delay.Milliseconds(), msg, row.ID, row.token).Error
	})
	return translate("retry outbox", err)
}

// OutboxBackoff is the delay before attempt n+1 after n failed attempts:
// doubling from one second, capped at five minutes so that a recovered
// search engine catches up soon. Relays may add jitter.
func OutboxBackoff(attempts int) time.Duration {
	d := time.Second
	for i := 1; i < attempts && d < 5*time.Minute; i++ {
		d *= 2
	}
	return min(d, 5*time.Minute)
}

// outboxRetryDelay is OutboxBackoff of a row's attempts with up to a
// quarter more at random: rows that failed together (a batch of documents,
// the engagements of one Stripe outage, the same rows on two replicas)
// come back apart instead of in lockstep.
func outboxRetryDelay(attempts int) time.Duration {
	d := OutboxBackoff(attempts)
	return d + time.Duration(rand.Int64N(int64(d/4)+1))
}

// OutboxPending counts rows not yet done, for readiness and lag reports.
func (db *DB) OutboxPending(ctx context.Context) (int64, error) {
	var n int64
	err := db.gorm.WithContext(ctx).Model(&outboxRow{}).Where("done_at IS NULL").Count(&n).Error
	return n, translate("count outbox", err)
}

// PruneOutbox deletes rows done for longer than age; they serve only to
// investigate recent deliveries.
func (db *DB) PruneOutbox(ctx context.Context, age time.Duration) (int64, error) {
	res := db.gorm.WithContext(ctx).
		Exec(`DELETE FROM outbox WHERE done_at < now() - ? * interval '1 millisecond'`, age.Milliseconds())
	return res.RowsAffected, translate("prune outbox", res.Error)
}
