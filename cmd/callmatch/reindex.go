package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"callmatch/meili"
	"callmatch/postgres"
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
	if cfg.MeiliURL == "" {
		return usagef("MEILI_URL is not set; point it at Meilisearch (and MEILI_MASTER_KEY at its key)")
	}
	log := newLogger(cfg, os.Stderr)
	db, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	ix, err := meili.New(meili.Config{URL: cfg.MeiliURL, MasterKey: cfg.MeiliMasterKey, Logger: log})
	if err != nil {
		return usagef("%v", err)
	}
	defer ix.Close()
	rep, err := meili.Reindex(ctx, searchSource(db, postgres.NewVendorStore(db)), ix)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "search index %q rebuilt: %d vendors, %d more caught up during the build, in %s\n",
		ix.UID(), rep.Vendors, rep.CaughtUp, rep.Took.Round(1e6))
	return nil
}
