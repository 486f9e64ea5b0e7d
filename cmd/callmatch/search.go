package main

import (
	"context"
	"log/slog"

	"callmatch/api"
	"callmatch/catalog"
	"callmatch/meili"
	"callmatch/postgres"
)

// search is the Meilisearch side of the app: the index searches read and
// the relay that carries vendor writes from the outbox into it.
type search struct {
	index *meili.Index
	relay *meili.Relay
	log   *slog.Logger
}

// newSearch returns nil when MEILI_URL is unset: the app then serves
// everything but search, which answers 503.
func newSearch(cfg config, db *postgres.DB, vendors *postgres.VendorStore, log *slog.Logger) (*search, error) {
	if cfg.MeiliURL == "" {
		return nil, nil
	}
	ix, err := meili.New(meili.Config{URL: cfg.MeiliURL, MasterKey: cfg.MeiliMasterKey, Logger: log})
	if err != nil {
		return nil, usagef("%v", err)
	}
	relay := meili.NewRelay(searchSource(db, vendors), ix, meili.RelayConfig{Logger: log})
	return &search{index: ix, relay: relay, log: log}, nil
}

// searcher is the index as the API and pages see it; a nil *search must
// become a nil interface, not an interface holding a nil pointer.
func (s *search) searcher() catalog.Searcher {
	if s == nil {
		return nil
	}
	return s.index
}

func (s *search) readyChecks() []api.ReadyCheck {
	if s == nil {
		return nil
	}
	return []api.ReadyCheck{{Name: "meilisearch", Critical: false, Check: s.index.Check}}
}

// run relays the outbox into the index until ctx ends. The relay applies
// the index settings itself once the engine answers, so the app starts
// even while Meilisearch is down.
func (s *search) run(ctx context.Context) {
	if s == nil {
		return
	}
	if err := s.relay.Run(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("search relay stopped", slog.String("error", err.Error()))
	}
}

// searchSource is where the relay and the rebuild read the truth:
// PostgreSQL's outbox, search lock and vendors.
func searchSource(db *postgres.DB, vendors *postgres.VendorStore) meili.Source {
	outbox := postgres.NewSearchOutbox(db)
	return meili.Source{Outbox: outbox, Lock: outbox, Vendors: vendors}
}
