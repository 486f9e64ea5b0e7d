package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"

	"callmatch/app"
	"callmatch/metrics"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return usagef("serve: %v", err)
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	log := newLogger(cfg, os.Stderr)
	log.Info("starting", slog.Any("config", cfg))
	a, err := app.New(ctx, cfg.app(log))
	if err != nil {
		return err
	}
	defer a.Close()
	l, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	var ml net.Listener
	if cfg.MetricsAddr != "" {
		if ml, err = metrics.Listen(cfg.MetricsAddr); err != nil {
			l.Close()
			return usagef("serve: %v", err)
		}
		log.Info("metrics listening", slog.String("addr", ml.Addr().String()))
	}
	return serveApp(ctx, a, l, ml)
}

// serveApp serves the app on l and, when ml is not nil, its metrics on ml
// (a listener of its own: nothing answers /metrics on the public address),
// until ctx ends or the app's server fails.
func serveApp(ctx context.Context, a *app.App, l, ml net.Listener) error {
	if ml == nil {
		return a.Serve(ctx, l)
	}
	ctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- metrics.Serve(ctx, ml, a.Metrics()) }()
	err := a.Serve(ctx, l)
	stop()
	if merr := <-done; err == nil && merr != nil && !errors.Is(merr, http.ErrServerClosed) {
		err = fmt.Errorf("metrics listener: %w", merr)
	}
	return err
}
