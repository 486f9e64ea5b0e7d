package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"

	"callmatch"
	"callmatch/matching"
)

// rankFile is the decision-matrix input. The published examples carry
// their expected scores; those are accepted and ignored.
type rankFile struct {
	matching.Matrix
	Expected     json.RawMessage `json:"expected"`
	ExpectedTies json.RawMessage `json:"expected_ties"`
}

// cmdRank ranks a plain decision matrix with the engine's SAW or TOPSIS.
func cmdRank(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rank", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	input := fs.String("input", "", "decision matrix JSON")
	const synopsis = "usage: callmatch rank --input FILE"
	if err := fs.Parse(args); err != nil {
		return usagef("rank: %s; %s", err, synopsis)
	}
	if fs.NArg() > 0 {
		return usagef("rank: unexpected argument %q; %s", fs.Arg(0), synopsis)
	}
	if *input == "" {
		return usagef("rank: --input FILE is required; %s", synopsis)
	}
	b, err := os.ReadFile(*input)
	if err != nil {
		return usagef("%s: %s", *input, unwrapPathError(err))
	}
	var f rankFile
	if err := callmatch.UnmarshalJSON(b, &f); err != nil {
		return usagef("%s: %s", *input, problem(err))
	}
	r, err := matching.Rank(f.Matrix)
	if err != nil {
		return usagef("%s: %s", *input, problem(err))
	}
	return writeJSON(stdout, r)
}
