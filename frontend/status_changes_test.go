package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A drop after sharing does not change the campaign's page until the
// advisor shares again; the desk says what sharing would change, and the
// campaign then reads "Shortlist updated on …" with the vendor gone,
// never why.
func TestSharedShortlistChangesOnlyWhenSharedAgain(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.newIntake()
	desk := "/desk/intakes/" + id
	weights := url.Values{"cost": {"0"}, "quality": {"100"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"},
		"method": {"saw"}, "limit": {"10"}}
	rec := f.do("advisor", http.MethodPost, desk+"/shortlists", weights)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", rec.Code, rec.Body.String())
	}
	page := f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	shortlistID := between(page, `action="/desk/shortlists/`, `/share"`)
	share := func() {
		t.Helper()
		if rec := f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/share", url.Values{"intake_id": {id}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("share: %d\n%s", rec.Code, rec.Body.String())
		}
	}
	share()
	status := func() string {
		return f.do("", http.MethodGet, "/status/"+id+"?token="+url.QueryEscape(token), nil).Body.String()
	}
	first := status()
	if !strings.Contains(first, "Budget Dialers") || strings.Contains(first, `id="shortlist-changes"`) {
		t.Fatalf("first version:\n%s", first)
	}

	drop := url.Values{"type": {"drop"}, "vendor_id": {f.byName["Budget Dialers"].ID}, "reason": {"PRIVATE: lost a client's data"}, "intake_id": {id}}
	if rec := f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/events", drop); rec.Code != http.StatusSeeOther {
		t.Fatalf("drop: %d\n%s", rec.Code, rec.Body.String())
	}
	if held := status(); !strings.Contains(held, "Budget Dialers") || strings.Contains(held, `id="shortlist-changes"`) {
		t.Fatal("the campaign's page changed before the advisor shared again")
	}
	page = f.do("advisor", http.MethodGet, desk, nil).Body.String()
	for _, want := range []string{"The campaign sees update 1", "Budget Dialers is no longer on the list.", "Share the changes with the campaign"} {
		if !strings.Contains(page, want) {
			t.Errorf("the desk lacks %q", want)
		}
	}

	share()
	share() // a double click: one update
	updated := status()
	for _, want := range []string{`id="shortlist-changes"`, "Shortlist updated on", "(update 2)", "Budget Dialers is no longer on the list."} {
		if !strings.Contains(updated, want) {
			t.Errorf("the updated status page lacks %q", want)
		}
	}
	if strings.Contains(updated, "PRIVATE") || strings.Contains(updated, `data-vendor="`+f.byName["Budget Dialers"].ID+`"`) {
		t.Error("the campaign sees the dropped vendor on the list, or why it was dropped")
	}
	page = f.do("advisor", http.MethodGet, desk, nil).Body.String()
	if !strings.Contains(page, "The campaign sees update 2") || !strings.Contains(page, "Nothing changed since.") ||
		strings.Contains(page, `id="share-shortlist"`) {
		t.Error("the desk does not say that the campaign sees update 2 with nothing to share")
	}
	es := f.do("", http.MethodGet, "/status/"+id+"?lang=es&token="+url.QueryEscape(token), nil).Body.String()
	if !strings.Contains(es, "Lista actualizada el") || !strings.Contains(es, "Budget Dialers ya no está en la lista.") {
		t.Error("the Spanish page does not say what changed")
	}
}
