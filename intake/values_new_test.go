package intake

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"callmatch"
)

// Issue 17 §1: states are read by name in English and Spanish as well as
// by code, and what is not a state is refused by what was typed.
func TestParseValuesReadsStateNames(t *testing.T) {
	v := htmlForm()
	v.Set("target_states", "Texas, nuevo méxico, Carolina del Norte, az")
	f, err := ParseValues(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"TX", "NM", "NC", "AZ"}; !slices.Equal(f.TargetStates, want) {
		t.Errorf("states %v, want %v", f.TargetStates, want)
	}

	v.Set("target_states", "Texas, Texs")
	_, err = ParseValues(v)
	var e *callmatch.Error
	if !errors.As(err, &e) || !strings.Contains(e.Fields["target_states"], `"Texs" is not allowed`) {
		t.Fatalf("an unknown state: %v", err)
	}

	v.Set("target_states", "TX, Texas")
	if _, err = ParseValues(v); !errors.As(err, &e) || !strings.Contains(e.Fields["target_states"], "TX is listed twice") {
		t.Fatalf("a state by code and by name: %v", err)
	}
}

// The JSON API's forms go through ApplyDefaults: names become codes there
// too, and the caller's slice is left as it was.
func TestApplyDefaultsReadsStateNames(t *testing.T) {
	states := []string{"Nueva York", "texas"}
	f := Form{TargetStates: states}
	f.ApplyDefaults()
	if !slices.Equal(f.TargetStates, []string{"NY", "TX"}) || states[0] != "Nueva York" {
		t.Errorf("states %v (caller's %v)", f.TargetStates, states)
	}
}

// Issue 17 §1: calling days in the past are refused with every other
// problem of the form, naming the first allowed day; a program that
// starts today, or yesterday in UTC (still today in Hawaii), is not.
func TestParseNewValuesRefusesPastCallingDays(t *testing.T) {
	today := callmatch.MustParseDate("2026-12-07")
	v := htmlForm()
	v.Set("start_date", "2025-10-18")
	v.Set("end_date", "2025-11-02")
	v.Set("contact.email", "nope")
	_, err := ParseNewValues(v, today)
	var e *callmatch.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	// The day named is the earliest allowed, yesterday in UTC, not today.
	if e.Fields["start_date"] != "must not be in the past: give a first calling day of 2026-12-06 or later" {
		t.Errorf("start_date: %q; all: %v", e.Fields["start_date"], e.Fields)
	}
	if e.Fields["contact.email"] == "" {
		t.Errorf("the other problem is not shown with it: %v", e.Fields)
	}
	if _, err := ParseValues(v); errors.As(err, &e) && e.Fields["start_date"] != "" {
		t.Errorf("ParseValues, which has no date, refused the start: %v", e.Fields)
	}

	v = htmlForm()
	for _, start := range []string{"2026-12-06", "2026-12-07"} {
		v.Set("start_date", start)
		v.Set("end_date", "2026-12-20")
		if _, err := ParseNewValues(v, today); err != nil {
			t.Errorf("start %s: %v", start, err)
		}
	}
}
