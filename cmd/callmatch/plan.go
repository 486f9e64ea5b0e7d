package main

import (
	"context"
	"flag"
	"io"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// cmdPlan prints the team plan of MARKETPLACE.md §2 for a catalog export
// and an intake file: the program split across at most --max-vendors
// vendors within their free seats. Bad input is exit status 2 with one
// line naming the file and field, and nothing on stdout.
func cmdPlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	catalogPath := fs.String("catalog", "", "vendors JSON: {\"vendors\": [...]}, as GET /api/v1/vendors returns")
	intakePath := fs.String("intake", "", "consultation form JSON")
	bookingsPath := fs.String("bookings", "", "bookings JSON: {\"bookings\": [...]}, counted against free seats")
	intakeID := fs.String("intake-id", "", "the intake's id: its own bookings in --bookings do not count against it")
	asOf := fs.String("as-of", "", "YYYY-MM-DD; default today")
	maxVendors := fs.Int("max-vendors", matching.DefaultMaxVendors, "vendors in the team, 1 to 5")
	const synopsis = "usage: callmatch plan --catalog FILE --intake FILE [--bookings FILE [--intake-id ID]] [--as-of YYYY-MM-DD] [--max-vendors N]"
	if err := fs.Parse(args); err != nil {
		return usagef("plan: %s; %s", err, synopsis)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("plan: unexpected argument %q; %s", fs.Arg(0), synopsis)
	case *catalogPath == "":
		return usagef("plan: --catalog FILE is required; %s", synopsis)
	case *intakePath == "":
		return usagef("plan: --intake FILE is required; %s", synopsis)
	case *maxVendors < 1 || *maxVendors > matching.MaxTeamVendors:
		return usagef("plan: --max-vendors: expected 1 to %d, got %d", matching.MaxTeamVendors, *maxVendors)
	}
	day := callmatch.DateOf(time.Now()) // the engine has no clock; the CLI lends it today
	if *asOf != "" {
		d, err := callmatch.ParseDate(*asOf)
		if err != nil {
			return usagef("plan: --as-of: %s", err)
		}
		day = d
	}

	vendors, version, err := readCatalogFile(*catalogPath)
	if err != nil {
		return err
	}
	form, err := readIntakeFile(*intakePath)
	if err != nil {
		return err
	}
	cat, err := bookedCatalog(vendors, version, *bookingsPath)
	if err != nil {
		return err
	}
	opts := intake.WhatIf{AsOf: day}.Options(form, day)
	p, err := matching.PlanTeam(cat, form.MatchRequest(), opts, *intakeID, *maxVendors)
	if err != nil {
		return usagef("%s: %s", *intakePath, problem(err))
	}
	return writeJSON(stdout, p)
}
