package intake

import (
	"math"
	"slices"
	"strings"
	"testing"

	"callmatch"
	"callmatch/matching"
)

// fieldErrors are err's field errors; nil for no error.
func fieldErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := err.(*callmatch.Error)
	if !ok {
		t.Fatalf("err %T %v", err, err)
	}
	return e.Fields
}

// Three languages of a third each, as typed, mean the whole program: they
// are accepted and scaled to sum to 1 as the engine requires; a sum that is
// really off is refused with enough digits to see why.
func TestLanguageSharesWithinTolerance(t *testing.T) {
	f := fingerprintForm()
	f.Languages = []matching.LanguageShare{{Code: "en", Share: 0.33333}, {Code: "es", Share: 0.33333}, {Code: "vi", Share: 0.33333}}
	typed := f.Languages
	f.ApplyDefaults()
	if errs := fieldErrors(t, f.Validate()); errs != nil {
		t.Fatalf("three shares of 0.33333 refused: %v", errs)
	}
	sum := 0.0
	for _, l := range f.Languages {
		sum += l.Share
	}
	if math.Abs(sum-1) > 1e-9 || typed[0].Share != 0.33333 {
		t.Errorf("shares sum to %v after defaults (typed %v)", sum, typed)
	}
	once := slices.Clone(f.Languages)
	f.ApplyDefaults()
	if !slices.Equal(once, f.Languages) {
		t.Errorf("defaults applied twice changed the shares: %v, then %v", once, f.Languages)
	}
	if _, err := matching.Match(matching.NewCatalog(nil, "empty"), f.MatchRequest(), matching.Options{AsOf: f.StartDate}); err != nil {
		t.Errorf("the engine refuses the accepted shares: %v", err)
	}

	f.Languages = []matching.LanguageShare{{Code: "en", Share: 0.3333}, {Code: "es", Share: 0.3333}, {Code: "vi", Share: 0.332}}
	f.ApplyDefaults()
	msg := fieldErrors(t, f.Validate())["languages"]
	if !strings.Contains(msg, "they sum to 0.9986") {
		t.Errorf("shares summing to 0.9986: %q", msg)
	}
}

// A completes target beyond the limit says so, rather than "must not be
// negative".
func TestCompletesTargetTooLarge(t *testing.T) {
	f := fingerprintForm()
	f.CompletesTarget = maxRecords + 1
	if msg := fieldErrors(t, f.Validate())["completes_target"]; msg != "must be at most 1000000000" {
		t.Errorf("too large: %q", msg)
	}
	f.CompletesTarget = -1
	if msg := fieldErrors(t, f.Validate())["completes_target"]; msg != "must not be negative" {
		t.Errorf("negative: %q", msg)
	}
}
