package postgres

import (
	"context"
	"time"

	"callmatch/matching"
)

// JobBacklog is one kind of River job's backlog, for the metrics listener.
type JobBacklog struct {
	Kind      string
	Depth     int64         // not finished: available, scheduled, retryable, pending or running
	OldestDue time.Duration // how long the longest-waiting job that is due has waited
}

// JobBacklogs reads River's job table by kind: every kind with a row,
// finished ones included (River keeps completed jobs an hour), so that a
// kind whose queue is empty reports 0 rather than vanishing.
func (db *DB) JobBacklogs(ctx context.Context) ([]JobBacklog, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT kind,
		       count(*) FILTER (WHERE state IN ('available', 'scheduled', 'retryable', 'pending', 'running')),
		       COALESCE(EXTRACT(EPOCH FROM now() - min(scheduled_at)
		                FILTER (WHERE state IN ('available', 'retryable') AND scheduled_at <= now())), 0)
		FROM river_job
		GROUP BY kind ORDER BY kind`)
	if err != nil {
		return nil, translate("read job backlog", err)
	}
	defer rows.Close()
	var out []JobBacklog
	for rows.Next() {
		var b JobBacklog
		var age float64
		if err := rows.Scan(&b.Kind, &b.Depth, &age); err != nil {
			return nil, translate("read job backlog", err)
		}
		b.OldestDue = time.Duration(age * float64(time.Second))
		out = append(out, b)
	}
	return out, translate("read job backlog", rows.Err())
}

// SearchRelayLag is how long the oldest vendor change not yet in the
// search index has waited: 0 when the relay has caught up.
func (db *DB) SearchRelayLag(ctx context.Context) (time.Duration, error) {
	var age float64
	err := db.sql.QueryRowContext(ctx, `
		SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
		FROM outbox WHERE done_at IS NULL AND aggregate = $1`, AggregateVendor).Scan(&age)
	if err != nil {
		return 0, translate("read search relay lag", err)
	}
	return time.Duration(age * float64(time.Second)), nil
}

// Held is the catalog the watcher holds now, nil before the first load. Unlike
// Current it never loads one: a metrics scrape must not be what loads the
// catalog.
func (w *CatalogWatcher) Held() *matching.Catalog {
	if h := w.current.Load(); h != nil {
		return h.cat
	}
	return nil
}
