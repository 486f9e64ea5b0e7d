package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

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
		fmt.Fprintln(stderr, problemLine(*file, p))
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

// problemLine is one problem on one line: the file, the row unless the
// problem is the whole file's, the field if there is one, and the message.
func problemLine(file string, p catalog.RowProblem) string {
	parts := []string{file}
	if p.Row > 0 {
		parts = append(parts, fmt.Sprintf("row %d", p.Row))
	}
	if p.Field != "" {
		parts = append(parts, p.Field)
	}
	return strings.Join(append(parts, oneLine(p.Message)), ": ")
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
