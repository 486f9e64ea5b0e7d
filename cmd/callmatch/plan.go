package main

import (
	"context"
	"flag"
	"io"

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
	pa := newProgramArgs(fs, "usage: callmatch plan --catalog FILE --intake FILE [--bookings FILE [--intake-id ID]] [--as-of YYYY-MM-DD] [--max-vendors N]")
	maxVendors := fs.Int("max-vendors", matching.DefaultMaxVendors, "vendors in the team, 1 to 5")
	if err := pa.parse(args); err != nil {
		return err
	}
	if *maxVendors < 1 || *maxVendors > matching.MaxTeamVendors {
		return usagef("plan: --max-vendors: expected 1 to %d, got %d", matching.MaxTeamVendors, *maxVendors)
	}
	cat, form, day, err := pa.load()
	if err != nil {
		return err
	}
	opts := intake.WhatIf{AsOf: day}.Options(form, day)
	p, err := matching.PlanTeam(cat, form.MatchRequest(), opts, *pa.intakeID, *maxVendors)
	if err != nil {
		return usagef("%s: %s", *pa.intake, problem(err))
	}
	return writeJSON(stdout, p)
}
