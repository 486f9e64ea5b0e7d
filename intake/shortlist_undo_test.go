package intake

import (
	"testing"

	"callmatch"
	"callmatch/matching"
)

// An undo takes back the vendor's latest pin or drop still standing, one
// at a time; what it took back leaves the standing events (and with it
// the reason the campaign saw), and a second undo of the same mark is
// refused instead of taking back another.
func TestUndoTakesBackTheLatestMark(t *testing.T) {
	sl := &Shortlist{Version: 1, Result: &matching.Result{Shortlist: []matching.Candidate{
		{VendorID: "a", VendorName: "Alpha"}, {VendorID: "b", VendorName: "Beta"}}}}
	add := func(e Event) error {
		if err := e.Validate(); err != nil {
			return err
		}
		if err := sl.CheckEvent(StatusShared, e); err != nil {
			return err
		}
		e.ID = int64(len(sl.Events) + 1)
		sl.Events = append(sl.Events, e)
		return nil
	}
	must := func(e Event) {
		t.Helper()
		if err := add(e); err != nil {
			t.Fatal(err)
		}
	}
	must(Event{Type: EventDrop, VendorID: "a", Reason: "Missed deadlines"})     // 1
	must(Event{Type: EventPin, VendorID: "a", Reason: "Union floor in Austin"}) // 2
	must(Event{Type: EventPin, VendorID: "b", Reason: "Spanish speakers"})      // 3
	must(Event{Type: EventNote, Reason: "Call the top three"})                  // 4
	if last := sl.LastMark(); last == nil || last.ID != 3 {
		t.Fatalf("last mark %+v, want event 3", last)
	}
	must(Event{Type: EventUndo, VendorID: "b", Undoes: 3}) // 5
	if sl.Pinned("b") || sl.Events[4].Reason == "" {
		t.Errorf("b still pinned after the undo, or the undo has no reason: %+v", sl.Events[4])
	}
	if err := add(Event{Type: EventUndo, VendorID: "b", Undoes: 3}); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("undo twice: %v, want a conflict", err)
	}
	if last := sl.LastMark(); last == nil || last.ID != 2 || !sl.Pinned("a") {
		t.Fatalf("last mark %+v, want event 2 (a's pin)", last)
	}
	must(Event{Type: EventUndo, VendorID: "a", Undoes: 2}) // 6: a's drop stands again
	if !sl.Dropped("a") {
		t.Errorf("undoing a's pin does not bring back its drop")
	}
	var ids []int64
	for _, e := range sl.Standing() {
		ids = append(ids, e.ID)
	}
	if len(ids) != 2 || ids[0] != 1 || ids[1] != 4 {
		t.Errorf("standing events %v, want [1 4]", ids)
	}
	must(Event{Type: EventUndo, VendorID: "a"}) // 7
	if sl.LastMark() != nil || sl.Dropped("a") {
		t.Errorf("marks left after undoing everything: %+v", sl.LastMark())
	}
	if err := add(Event{Type: EventUndo, VendorID: "a"}); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("undo with nothing to undo: %v, want a conflict", err)
	}
}
