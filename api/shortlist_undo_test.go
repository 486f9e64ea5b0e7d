package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"callmatch"
	"callmatch/api"
)

// An undo that names the pin or drop it means (undoes) takes back that one
// only: sent again, or twice at once, the repeat is a 409 naming undoes and
// the pin under it stands. An undoes that names no pin or drop of the
// vendor, or rides on another type, is a 422 naming undoes.
func TestRepeatedUndoTakesBackOne(t *testing.T) {
	f := newFixture(t)
	_, slID := f.newShortlist()
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{UserID: "test", Role: callmatch.RoleAdvisor})
	sl, err := f.intakes.Shortlist(ctx, slID)
	if err != nil || len(sl.Result.Shortlist) == 0 {
		t.Fatal(sl, err)
	}
	vendor := sl.Result.Shortlist[0].VendorID
	events := "/api/v1/shortlists/" + slID + "/events"
	mark := func(typ, reason string) int64 {
		t.Helper()
		rec := f.do("advisor", http.MethodPost, events, fmt.Sprintf(`{"type": %q, "vendor_id": %q, "reason": %q}`, typ, vendor, reason))
		if rec.Code != http.StatusCreated {
			t.Fatalf("%s: %d %s", typ, rec.Code, rec.Body.String())
		}
		got := decode[api.ShortlistResponse](t, rec)
		return got.Events[len(got.Events)-1].ID
	}
	pin := mark("pin", "Union floor in Austin")
	drop := mark("drop", "Missed two deadlines")
	undo := fmt.Sprintf(`{"type": "undo", "vendor_id": %q, "reason": "Dropped by mistake", "undoes": %d}`, vendor, drop)

	// Sent twice at once: the store takes them one after the other under
	// the intake's lock, and the second finds the drop gone.
	codes := make([]int, 2)
	bodies := make([]string, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			rec := f.do("advisor", http.MethodPost, events, undo)
			codes[i], bodies[i] = rec.Code, rec.Body.String()
		})
	}
	wg.Wait()
	if codes[0]+codes[1] != http.StatusCreated+http.StatusConflict {
		t.Fatalf("an undo sent twice at once: %v\n%s\n%s", codes, bodies[0], bodies[1])
	}
	// And once more, later: the same answer.
	rec := f.do("advisor", http.MethodPost, events, undo)
	body := decode[api.ErrorBody](t, rec)
	if rec.Code != http.StatusConflict || !strings.Contains(body.Error.Fields["undoes"], "already taken back") {
		t.Errorf("a repeated undo: %d %s, want 409 naming undoes", rec.Code, rec.Body.String())
	}
	now, err := f.intakes.Shortlist(ctx, slID)
	if err != nil {
		t.Fatal(err)
	}
	if !now.Pinned(vendor) {
		t.Errorf("the pin under the drop was taken back too: %+v", now.Standing())
	}

	// A pin over the pin: the old one is no longer the one an undo takes.
	mark("pin", "Union floor in Austin, confirmed")
	rec = f.do("advisor", http.MethodPost, events, fmt.Sprintf(`{"type": "undo", "vendor_id": %q, "reason": "Taken back", "undoes": %d}`, vendor, pin))
	if body := decode[api.ErrorBody](t, rec); rec.Code != http.StatusConflict || !strings.Contains(body.Error.Fields["undoes"], "not the latest") {
		t.Errorf("undo of a pin a later one stands over: %d %s, want 409 naming undoes", rec.Code, rec.Body.String())
	}
	for name, req := range map[string]string{
		"not an event of the vendor": fmt.Sprintf(`{"type": "undo", "vendor_id": %q, "reason": "Taken back", "undoes": 999999}`, vendor),
		"on a pin":                   fmt.Sprintf(`{"type": "pin", "vendor_id": %q, "reason": "again", "undoes": %d}`, vendor, pin),
		"negative":                   fmt.Sprintf(`{"type": "undo", "vendor_id": %q, "reason": "Taken back", "undoes": -1}`, vendor),
	} {
		rec := f.do("advisor", http.MethodPost, events, req)
		if body := decode[api.ErrorBody](t, rec); rec.Code != http.StatusUnprocessableEntity || body.Error.Fields["undoes"] == "" {
			t.Errorf("undoes %s: %d %s, want 422 naming undoes", name, rec.Code, rec.Body.String())
		}
	}
	if after, err := f.intakes.Shortlist(ctx, slID); err != nil || len(after.Events) != 4 {
		t.Errorf("events after the refusals: %d, %v; want pin, drop, undo, pin", len(after.Events), err)
	}

	// Without undoes, today's behaviour: the latest standing one goes.
	rec = f.do("advisor", http.MethodPost, events, fmt.Sprintf(`{"type": "undo", "vendor_id": %q, "reason": "Taken back"}`, vendor))
	if rec.Code != http.StatusCreated {
		t.Fatalf("undo without undoes: %d %s", rec.Code, rec.Body.String())
	}
}
