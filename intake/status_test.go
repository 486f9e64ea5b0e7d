package intake

import (
	"strings"
	"testing"

	"callmatch"
)

// TestTransitions checks every ordered pair of statuses against the
// lifecycle written out by hand, so that a change to the table is a
// deliberate change to this test too.
func TestTransitions(t *testing.T) {
	legal := map[string][]string{
		StatusSubmitted:   {StatusInReview, StatusShortlisted, StatusWithdrawn},
		StatusInReview:    {StatusShortlisted, StatusWithdrawn},
		StatusShortlisted: {StatusShortlisted, StatusShared, StatusEngaged, StatusWithdrawn},
		StatusShared:      {StatusShortlisted, StatusShared, StatusEngaged, StatusWithdrawn},
		StatusEngaged:     {StatusEngaged, StatusClosed},
		StatusClosed:      {},
		StatusWithdrawn:   {},
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			want := false
			for _, s := range legal[from] {
				want = want || s == to
			}
			err := CheckTransition(from, to)
			if got := err == nil; got != want {
				t.Errorf("%s → %s allowed = %v, want %v", from, to, got, want)
				continue
			}
			if err == nil {
				continue
			}
			if callmatch.ErrorCode(err) != callmatch.ECONFLICT {
				t.Errorf("%s → %s: code %q, want conflict", from, to, callmatch.ErrorCode(err))
			}
			if msg := callmatch.ErrorMessage(err); !strings.Contains(msg, "is "+from) {
				t.Errorf("%s → %s: message %q does not name the current status", from, to, msg)
			}
		}
	}
	for _, s := range Statuses {
		if got, want := IsTerminal(s), s == StatusClosed || s == StatusWithdrawn; got != want {
			t.Errorf("IsTerminal(%s) = %v, want %v", s, got, want)
		}
	}
	if CanTransition("nonsense", StatusSubmitted) || CanTransition(StatusSubmitted, "nonsense") {
		t.Error("unknown statuses must never transition")
	}
}

func TestFilterValidate(t *testing.T) {
	f := Filter{}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	if f.Sort != SortNewest || f.Page != 1 || f.PerPage != 50 {
		t.Errorf("defaults = %+v", f)
	}
	bad := Filter{Status: "lost", Sort: "oldest", Page: -1, PerPage: 1000}
	err := bad.Validate()
	e, ok := err.(*callmatch.Error)
	if !ok || len(e.Fields) != 4 {
		t.Fatalf("err = %v, want four field errors", err)
	}
}
