package app

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"callmatch/metrics"
)

// Metrics is the handler of the metrics listener (CALLMATCH_METRICS_ADDR):
// the process's instruments, plus what this app reports when scraped (its
// matching catalog, River's backlog by job kind, the search relay's lag).
// It is never mounted on the public engine.
func (a *App) Metrics() http.Handler {
	return metrics.Handler(metrics.Sources{
		Logger: a.log,
		Catalog: func() metrics.CatalogStat {
			cat := a.Catalog.Held()
			if cat == nil {
				return metrics.CatalogStat{}
			}
			v, _ := strconv.ParseInt(cat.Version(), 10, 64)
			return metrics.CatalogStat{Loaded: true, Version: v, Vendors: cat.Len()}
		},
		Queue: func(ctx context.Context) ([]metrics.QueueStat, error) {
			backlog, err := a.DB.JobBacklogs(ctx)
			stats := make([]metrics.QueueStat, len(backlog))
			for i, b := range backlog {
				stats[i] = metrics.QueueStat{Kind: b.Kind, Depth: b.Depth, OldestAge: b.OldestDue}
			}
			return stats, err
		},
		RelayLag: func(ctx context.Context) (time.Duration, error) { return a.DB.SearchRelayLag(ctx) },
	})
}
