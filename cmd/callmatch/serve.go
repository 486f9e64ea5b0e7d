package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"os"

	"callmatch/app"
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
	return a.Serve(ctx, l)
}
