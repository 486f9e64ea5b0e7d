package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"callmatch/app"
	"callmatch/meili"
)

// cmdReindex rebuilds the search index from PostgreSQL and swaps it in.
// It is safe while the app serves and relays: searches see the old index
// until the swap, and writes made meanwhile reach the new one.
func cmdReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return usagef("reindex: %v", err)
	}
	if fs.NArg() > 0 {
		return usagef("reindex takes no arguments; it reads DATABASE_URL, MEILI_URL and MEILI_MASTER_KEY")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	rep, err := app.Reindex(ctx, cfg.app(newLogger(cfg, os.Stderr)))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "search index %q rebuilt: %d vendors, %d more caught up during the build, in %s\n",
		meili.DefaultIndex, rep.Vendors, rep.CaughtUp, rep.Took.Round(1e6))
	return nil
}
