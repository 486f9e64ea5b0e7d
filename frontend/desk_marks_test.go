package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// savedShortlist submits the test intake and saves a shortlist ranked by
// quality, returning the intake, its token and the shortlist.
func (f *fixture) savedShortlist() (id, token, shortlistID string) {
	f.t.Helper()
	id, token = f.newIntake()
	weights := url.Values{"cost": {"0"}, "quality": {"100"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}}
	rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/shortlists", weights)
	if rec.Code != http.StatusSeeOther {
		f.t.Fatalf("save: %d\n%s", rec.Code, rec.Body.String())
	}
	body := f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	shortlistID = between(body, `action="/desk/shortlists/`, `/share"`)
	if shortlistID == "" {
		f.t.Fatalf("no shortlist saved:\n%s", body)
	}
	return id, token, shortlistID
}

// Pin and drop answer htmx with the saved-shortlist section alone (no page
// reload, no jump to the top) and, without JavaScript, come back at the
// vendor's row. Both reasons are labelled with who sees them; the last
// pin or drop can be undone (an event, once: a repeated undo is refused),
// and a pin taken back takes its reason off the campaign's page once shared
// again. The note
// for the campaign is a textarea that says its limit.
func TestDeskPinDropUndo(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token, sl := f.savedShortlist()
	events := "/desk/shortlists/" + sl + "/events"
	premium, budget := f.byName["Premium Phones"].ID, f.byName["Budget Dialers"].ID

	body := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	for _, want := range []string{
		"A pin’s reason is shown to the campaign", "a drop’s reason stays private",
		`id="rh-` + premium + `">Pin: reason shown to the campaign. Drop: reason private.</small>`,
		`<textarea id="note" name="reason" rows="3" minlength="3" maxlength="2000" required aria-describedby="note-count" data-counter="note-count"></textarea>`,
		`id="note-count" aria-live="polite">3 to 2,000 characters.</small>`,
		`hx-post="` + events + `" hx-target="#saved-shortlist" hx-swap="outerHTML"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the intake page lacks %q", want)
		}
	}
	if strings.Contains(body, `id="undo-mark"`) {
		t.Error("an undo is offered before any pin or drop")
	}

	// Without JavaScript: back at the vendor's row.
	drop := url.Values{"intake_id": {id}, "vendor_id": {budget}, "type": {"drop"}, "reason": {"Missed two deadlines"}}
	rec := f.do("advisor", http.MethodPost, events, drop)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.HasSuffix(loc, "#sv-"+budget) {
		t.Fatalf("drop without JavaScript: %d to %q, want the vendor's row", rec.Code, loc)
	}

	// With htmx: the section alone, saying what happened, with the undo.
	pin := url.Values{"intake_id": {id}, "vendor_id": {premium}, "type": {"pin"}, "reason": {"Union floor in Austin"}}
	rec = f.do("advisor", http.MethodPost, events, pin, "HX-Request", "true")
	frag := rec.Body.String()
	if rec.Code != http.StatusOK || strings.Contains(frag, "<html") || !strings.HasPrefix(strings.TrimSpace(frag), `<div id="saved-shortlist">`) {
		t.Fatalf("pin with htmx: %d, want the saved section alone:\n%s", rec.Code, frag)
	}
	for _, want := range []string{"Pinned Premium Phones. The campaign will see your reason.", `id="sv-` + premium + `"`,
		"Undo the pin of Premium Phones", "Pin reason (shown to the campaign): Union floor in Austin",
		"Drop reason (private): Missed two deadlines"} {
		if !strings.Contains(frag, want) {
			t.Errorf("the pin's answer lacks %q", want)
		}
	}
	f.do("advisor", http.MethodPost, "/desk/shortlists/"+sl+"/share", url.Values{"intake_id": {id}})
	if status := f.do("", http.MethodGet, "/status/"+id+"?token="+url.QueryEscape(token), nil).Body.String(); !strings.Contains(status, "Union floor in Austin") {
		t.Fatal("the campaign does not see the pin's reason")
	}

	undoes := between(frag, `name="undoes" value="`, `"`)
	undo := url.Values{"intake_id": {id}, "vendor_id": {premium}, "type": {"undo"}, "undoes": {undoes}}
	rec = f.do("advisor", http.MethodPost, events, undo, "HX-Request", "true")
	frag = rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(frag, "Took back the last pin or drop of Premium Phones.") ||
		strings.Contains(frag, "Union floor in Austin") || !strings.Contains(frag, "Undo the drop of Budget Dialers") {
		t.Fatalf("undo: %d\n%s", rec.Code, frag)
	}
	rec = f.do("advisor", http.MethodPost, events, undo, "HX-Request", "true")
	if frag := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(frag, "already taken back") || !strings.Contains(frag, `role="alert"`) {
		t.Errorf("a repeated undo: %d\n%s", rec.Code, frag)
	}
	// What was shared stays as shared until the advisor shares again
	// (issue 17 point 3); then the pin taken back takes its reason along.
	status := func() string {
		return f.do("", http.MethodGet, "/status/"+id+"?token="+url.QueryEscape(token), nil).Body.String()
	}
	if !strings.Contains(status(), "Union floor in Austin") {
		t.Error("an undo changed what the campaign sees before it was shared")
	}
	f.do("advisor", http.MethodPost, "/desk/shortlists/"+sl+"/share", url.Values{"intake_id": {id}})
	if strings.Contains(status(), "Union floor in Austin") {
		t.Error("the campaign still sees the reason of a pin taken back, shared again")
	}

	// A reason too short is said so in the section, which keeps the rest.
	pin.Set("reason", "ok")
	rec = f.do("advisor", http.MethodPost, events, pin, "HX-Request", "true")
	if frag := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(frag, "reason: write why, in 3 to 2000 characters") || !strings.Contains(frag, `id="sv-`+premium+`"`) {
		t.Errorf("a short reason: %d\n%s", rec.Code, frag)
	}
}
