package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"

	"callmatch/app"
	"callmatch/postgres"
)

func newLogger(cfg config, w *os.File) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: cfg.logLevel()}))
}

// openDB is the app's database check for the commands that need nothing
// else (import, seed): it refuses a schema behind the binary. Their
// statements are long on purpose (a whole import in one transaction), so
// they get postgres.BatchTimeouts rather than a request's.
func openDB(ctx context.Context, cfg config, log *slog.Logger) (*postgres.DB, error) {
	t := postgres.BatchTimeouts
	if cfg.DBConnectTimeout > 0 {
		t.Connect = cfg.DBConnectTimeout
	}
	return app.OpenDB(ctx, cfg.DatabaseURL, log, t)
}

// listen binds addr before anything announces it, so that a busy port is
// one clear error at start-up.
func listen(addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return l, nil
}
