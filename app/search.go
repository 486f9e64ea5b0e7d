package app

import (
	"context"
	"log/slog"

	"callmatch"
	"callmatch/api"
	"callmatch/catalog"
	"callmatch/meili"
	"callmatch/postgres"
)

// search is vendor search as the app runs it: the searcher the API and
// pages ask, the relay that carries vendor writes from the outbox into the
// index, and the index's readiness. Without MEILI_URL it is notConfigured,
// never nil, so no caller checks.
type search interface {
	catalog.Searcher
	wake() // a catalog write committed: relay it now
	run(ctx context.Context)
	readyChecks() []api.ReadyCheck
	reindex(ctx context.Context) (*meili.ReindexReport, error)
	close()
}

// newSearch is the one place the app builds meili: the index and the
// source its relay and rebuild read.
func newSearch(cfg Config, db *postgres.DB) (search, error) {
	if cfg.MeiliURL == "" {
		cfg.Logger.Warn("MEILI_URL is not set: vendor search answers 503 and the desk lists vendors from PostgreSQL")
		return notConfigured{}, nil
	}
	ix, err := meili.New(meili.Config{URL: cfg.MeiliURL, MasterKey: cfg.MeiliMasterKey, Logger: cfg.Logger, Now: cfg.Now})
	if err != nil {
		return nil, &ConfigError{Msg: err.Error()}
	}
	outbox := postgres.NewSearchOutbox(db)
	src := meili.Source{Outbox: outbox, Lock: outbox, Vendors: postgres.NewVendorStore(db)}
	// The relay's claims are bounded and back off (background.go); a
	// rebuild's waits are its caller's to bound.
	b := &backoff{}
	relaySrc := meili.Source{Outbox: backoffOutbox{outbox, b}, Lock: backoffLock{outbox, b}, Vendors: src.Vendors}
	return &meiliSearch{Index: ix, src: src, relay: meili.NewRelay(relaySrc, ix, meili.RelayConfig{Logger: cfg.Logger}),
		log: cfg.Logger}, nil
}

// meiliSearch is search on Meilisearch.
type meiliSearch struct {
	*meili.Index
	src   meili.Source
	relay *meili.Relay
	log   *slog.Logger
}

func (s *meiliSearch) wake() { s.relay.Wake() }

// run relays until ctx ends. The relay applies the index settings itself
// once the engine answers, so the app starts even while Meilisearch is down.
func (s *meiliSearch) run(ctx context.Context) {
	if err := s.relay.Run(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("search relay stopped", slog.String("error", err.Error()))
	}
}

// readyChecks reports the engine without making the app unready: without
// search the app still serves everything else.
func (s *meiliSearch) readyChecks() []api.ReadyCheck {
	return []api.ReadyCheck{{Name: "meilisearch", Critical: false, Check: s.Check}}
}

func (s *meiliSearch) reindex(ctx context.Context) (*meili.ReindexReport, error) {
	return meili.Reindex(ctx, s.src, s.Index)
}

func (s *meiliSearch) close() { s.Index.Close() }

// notConfigured is search without MEILI_URL: every search answers
// unavailable (503) and there is nothing to relay.
type notConfigured struct{}

var errSearchNotConfigured = &callmatch.Error{Code: callmatch.EUNAVAILABLE,
	Message: "Search is not configured on this server."}

func (notConfigured) SearchVendors(context.Context, catalog.SearchQuery) (*catalog.SearchResult, error) {
	return nil, errSearchNotConfigured
}
func (notConfigured) wake()                         {}
func (notConfigured) run(ctx context.Context)       { <-ctx.Done() }
func (notConfigured) readyChecks() []api.ReadyCheck { return nil }
func (notConfigured) close()                        {}
func (notConfigured) reindex(context.Context) (*meili.ReindexReport, error) {
	return nil, configErrorf("MEILI_URL is not set; point it at Meilisearch (and MEILI_MASTER_KEY at its key)")
}

// Reindex rebuilds the search index from PostgreSQL and swaps it in, for
// `callmatch reindex`: it needs the database and Meilisearch, nothing else.
func Reindex(ctx context.Context, cfg Config) (*meili.ReindexReport, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MeiliURL == "" {
		return notConfigured{}.reindex(ctx)
	}
	// Reading every vendor is one long statement at 100k vendors.
	t := postgres.BatchTimeouts
	if cfg.DBConnectTimeout > 0 {
		t.Connect = cfg.DBConnectTimeout
	}
	db, err := OpenDB(ctx, cfg.DatabaseURL, cfg.Logger, t)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	s, err := newSearch(cfg, db)
	if err != nil {
		return nil, err
	}
	defer s.close()
	return s.reindex(ctx)
}

// Reindex rebuilds the app's search index now, as `callmatch reindex` does.
func (a *App) Reindex(ctx context.Context) (*meili.ReindexReport, error) {
	return a.search.reindex(ctx)
}
