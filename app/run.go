package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Run runs the background loops (catalog watcher, search relay, billing
// job, housekeeping) until ctx ends and returns once they all have.
func (a *App) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, j := range append(a.jobs, job{"housekeeping", a.housekeeping}) {
		wg.Go(func() {
			j.run(ctx)
			a.log.Debug("background loop stopped", slog.String("loop", j.name))
		})
	}
	wg.Wait()
}

// Serve serves HTTP on l and runs the background loops until ctx ends,
// then drains requests for up to 15 s.
func (a *App) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           a.API,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	loops := make(chan struct{})
	go func() { a.Run(ctx); close(loops) }()
	defer func() { stop(); <-loops }()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	a.log.Info("listening", slog.String("addr", l.Addr().String()))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Retention of bookkeeping rows that only help investigate: delivered
// outbox rows, and Stripe event ids kept to recognise redeliveries.
const (
	outboxRetention      = 7 * 24 * time.Hour
	stripeEventRetention = 90 * 24 * time.Hour
)

// housekeeping purges expired sessions, tokens and rate-limit windows,
// replay tokens, and old outbox rows and Stripe event records every 10
// minutes. Every statement is an idempotent DELETE, so instances may run it
// side by side.
func (a *App) housekeeping(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		a.purge(ctx, "purge expired sessions", func(ctx context.Context) error { return a.Auth.PurgeExpired(ctx) })
		a.purge(ctx, "purge intake replay tokens", func(ctx context.Context) error {
			_, err := a.Intakes.PurgeReplayTokens(ctx)
			return err
		})
		a.purge(ctx, "prune outbox", func(ctx context.Context) error {
			_, err := a.DB.PruneOutbox(ctx, outboxRetention)
			return err
		})
		a.purge(ctx, "prune stripe events", func(ctx context.Context) error {
			_, err := a.DB.PruneStripeEvents(ctx, stripeEventRetention)
			return err
		})
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// purge runs one housekeeping step with jobCallTimeout, so that a database
// that stops answering holds no step past it; a failure is logged and
// retried at the next round, ten minutes on, which is backoff enough.
func (a *App) purge(ctx context.Context, what string, step func(context.Context) error) {
	call, cancel := context.WithTimeout(ctx, jobCallTimeout)
	defer cancel()
	if err := step(call); err != nil && ctx.Err() == nil {
		a.log.Warn(what, slog.String("error", err.Error()))
	}
}
