package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"callmatch"
	"callmatch/catalog"
	"callmatch/postgres"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", "", "vendors.json or vendors.csv")
	skipInvalid := fs.Bool("skip-invalid", false, "import the valid rows and report the rest")
	if err := fs.Parse(args); err != nil {
		return usagef("import: %v", err)
	}
	if *file == "" {
		return usagef("import: --file is required (a .json or .csv file)")
	}
	f, err := os.Open(*file)
	if err != nil {
		return usagef("import: %v", err)
	}
	defer f.Close()
	vendors, problems, err := catalog.ParseVendorFile(*file, f)
	if err != nil {
		return usagef("import: %s: %v", *file, err)
	}
	valid, report, planErr := catalog.ImportPlan(vendors, problems, *skipInvalid)
	for _, p := range report.Problems {
		if p.Row == 0 { // the file as a whole
			fmt.Fprintf(stderr, "%s: %s: %s\n", *file, p.Field, p.Message)
			continue
		}
		fmt.Fprintf(stderr, "%s: row %d: %s: %s\n", *file, p.Row, p.Field, p.Message)
	}
	if planErr != nil {
		if countRows(report.Problems) == 0 {
			return usagef("import: %s cannot be read as a vendor file, nothing imported", *file)
		}
		return usagef("import: %s: %d invalid rows, nothing imported (use --skip-invalid to import the valid rows)", *file, countRows(report.Problems))
	}

	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg, newLogger(cfg, os.Stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = callmatch.WithActor(ctx, callmatch.Actor{System: "cli"})
	created, updated, err := postgres.NewVendorStore(db).UpsertVendors(ctx, valid)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d created, %d updated, %d unchanged, %d skipped\n",
		*file, created, updated, len(valid)-created-updated, report.Skipped)
	return nil
}

func countRows(ps []catalog.RowProblem) int {
	rows := map[int]bool{}
	for _, p := range ps {
		if p.Row > 0 {
			rows[p.Row] = true
		}
	}
	return len(rows)
}
