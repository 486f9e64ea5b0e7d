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

// Run runs the background loops (catalog watcher, search relay, River's
// jobs: mail, billing, housekeeping) until ctx ends and returns once they
// all have.
func (a *App) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, j := range a.jobs {
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
