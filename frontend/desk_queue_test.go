package frontend_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
)

// The queue's default view leaves withdrawn and closed intakes out ("All"
// shows them), says "ended" of a program whose calling days are over (not
// "running", as it did), lists it after the open ones, and its search box
// finds campaigns by name, race and state name without JavaScript.
func TestDeskQueueOrderFilterAndSearch(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	today := callmatch.DateOf(f.intakes.Now())
	submit := func(name, race, state string, start, end int) (string, string) {
		form := submitForm()
		form.Set("campaign.name", name)
		form.Set("campaign.race", race)
		form.Set("target_states", state)
		form.Set("start_date", (today + callmatch.Date(start)).String())
		form.Set("end_date", (today + callmatch.Date(end)).String())
		// Through the service, on its clock: the page refuses calling
		// days in the past of today's clock, and some of these were
		// submitted in their time.
		parsed, err := intake.ParseValues(form)
		if err != nil {
			t.Fatal(err)
		}
		rec, token, err := f.intakes.Submit(f.ctx, parsed, name)
		if err != nil {
			t.Fatalf("submit %s: %v", name, err)
		}
		return rec.ID, token
	}
	// Programs already calling were submitted in their time.
	now := f.intakes.Now
	f.intakes.Now = func() time.Time { return now().AddDate(0, 0, -90) }
	submit("Ended Campaign", "Council", "TX", -40, -30)
	id, token := submit("Withdrawn Campaign", "Mayor", "TX", 5, 20)
	f.intakes.Now = now
	submit("Ohio Campaign", "OH-09", "OH", 30, 60)
	submit("Soon Campaign", "TX-23", "TX", 3, 40)
	if _, err := f.intakes.Withdraw(f.ctx, id, token); err != nil {
		t.Fatal(err)
	}

	page := func(target string) string {
		t.Helper()
		rec := f.do("advisor", http.MethodGet, target, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d\n%s", target, rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	order := func(body string, names ...string) []string {
		var got []string
		for _, n := range names {
			if i := strings.Index(body, ">"+n+"</a>"); i >= 0 {
				got = append(got, n)
				body = body[i:]
			}
		}
		return got
	}
	all := []string{"Soon Campaign", "Ohio Campaign", "Ended Campaign", "Withdrawn Campaign"}

	body := page("/desk")
	if got := order(body, all...); strings.Join(got, ",") != strings.Join(all[:3], ",") {
		t.Errorf("default queue %q, want %q (no withdrawn)", got, all[:3])
	}
	if !strings.Contains(body, "calling days ended 30 days ago") || strings.Contains(body, "running") {
		t.Errorf("an ended program is not said to be ended:\n%s", between(body, "<tbody>", "</tbody>"))
	}
	if !strings.Contains(body, "<strong>Urgent:</strong> starts in 3 days") {
		t.Errorf("the program starting in 3 days is not marked urgent in words")
	}
	if body := page("/desk?status=all"); strings.Join(order(body, all...), ",") != strings.Join(all, ",") {
		t.Errorf("all: %q, want %q", order(body, all...), all)
	}
	for q, want := range map[string]string{"texas": "Soon Campaign,Ended Campaign", "Ohio": "Ohio Campaign",
		"tx-23": "Soon Campaign", "soon": "Soon Campaign"} {
		body := page("/desk?q=" + q)
		if got := strings.Join(order(body, all...), ","); got != want {
			t.Errorf("search %q: %q, want %q", q, got, want)
		}
		if !strings.Contains(body, `name="q" value="`+q+`"`) {
			t.Errorf("search %q: the box does not keep the query", q)
		}
	}
	if body := page("/desk?q=texas&status=all"); strings.Join(order(body, all...), ",") != "Soon Campaign,Ended Campaign,Withdrawn Campaign" {
		t.Errorf("texas among all: %q", order(body, all...))
	}
	if body := page("/desk?q=nobody"); !strings.Contains(body, "No intake matches “nobody”") {
		t.Errorf("an empty search says nothing")
	}
}
