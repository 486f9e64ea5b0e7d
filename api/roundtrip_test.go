package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/devstack/pgtest"
	"callmatch/intake"
)

// roundTrips are the main routes as the role that uses them, and the round
// trips to PostgreSQL each may cost once its connection is warm. On a link
// with latency L a request waits at least trips × L for the database, so
// these are the numbers to keep small (issue 20). They are counts, not
// times: a change that adds one fails here on any machine; one that saves
// one lowers the budget.
var roundTrips = []struct {
	role, method, route, body string
	status, budget            int
}{
	// Neither needs the database, but the session check runs first.
	{"advisor", "GET", "/healthz", "", 200, 1},
	{"advisor", "GET", "/static/app.css", "", 200, 1},
	// Reads: the session, then one statement per store call.
	{"advisor", "GET", "/api/v1/vendors", "", 200, 2},
	{"advisor_token", "GET", "/api/v1/vendors", "", 200, 2},
	{"vendor_own", "GET", "/api/v1/vendors/{vendor}", "", 200, 2},
	{"advisor", "GET", "/api/v1/intakes", "", 200, 2},
	{"advisor", "GET", "/api/v1/intakes/{intake}", "", 200, 2},
	{"anonymous", "GET", "/api/v1/intakes/{intake}?token={token}", "", 200, 2},
	{"anonymous", "POST", "/api/v1/intakes", intakeBody, 201, 4}, // limit, begin, insert with audit and staff, commit; the mail queue's statements add to it
	{"vendor_own", "GET", "/api/v1/invoices", "", 200, 2},
	{"vendor_own", "GET", "/api/v1/vendors/{vendor}/bookings", "", 200, 2},
	{"advisor", "POST", "/api/v1/intakes/{intake}/plans", `{"max_vendors": 2}`, 200, 2}, // the intake; the snapshot is in memory
	{"advisor", "GET", "/desk", "", 200, 2},
	{"advisor", "GET", "/desk/intakes/{intake}", "", 200, 7},           // shortlists, intake, engagements, quote invitations, the shared shortlists as last shared (the latest share among them), the campaign's messages
	{"advisor", "GET", "/desk/vendors", "", 200, 3},                    // the list, then its vendors' seats in one read
	{"advisor", "GET", "/desk/vendors/{vendor}", "", 200, 5},           // vendor, certification documents, bookings, track record
	{"vendor_own", "GET", "/portal", "", 200, 7},                       // vendor, certification documents, bookings, track record, engagements, invoices
	{"anonymous", "GET", "/status/{intake}?token={token}", "", 200, 4}, // intake, shortlist, then the released quotes (which read the intake again to check the link)
	{"advisor", "GET", "/desk/certifications", "", 200, 2},
	{"advisor", "GET", "/api/v1/shortlists/{shortlist}", "", 200, 2},
	{"advisor", "GET", "/api/v1/invoices", "", 200, 2},
	{"admin", "GET", "/api/v1/vendors/{vendor}/fee-terms", "", 200, 2},
	{"advisor", "GET", "/account", "", 200, 2},
	{"anonymous", "GET", "/", "", 200, 0},
	{"anonymous", "GET", "/consult", "", 200, 0},
	{"anonymous", "GET", "/login", "", 200, 0},
	// Writes keep their transaction, with the audit row in it.
	{"advisor", "POST", "/api/v1/shortlists/{shortlist}/events", `{"type": "note", "reason": "Call the top two first."}`, 201, 7},
	{"vendor_own", "PATCH", "/api/v1/vendors/{vendor}", `{"description": "Phones, done well since {run}."}`, 200, 9},
}

// TestRoundTripsPerRoute counts the round trips each main route makes to
// PostgreSQL, through a proxy that sees the wire, and fails when one costs
// more than its budget. Each route runs three times and the last is
// counted: the first ones open connections and prepare statements, which
// a server in use has long done (the first run's count is shown beside).
func TestRoundTripsPerRoute(t *testing.T) {
	t.Parallel()
	wire, dbURL := newWireCounter(t, pgtest.NewDB(t))
	f := newFixtureOn(t, 0, dbURL)
	id, token := f.newIntake()
	staff := callmatch.WithActor(context.Background(), callmatch.Actor{UserID: "test", Role: callmatch.RoleAdvisor})
	sl, err := f.intakes.GenerateShortlist(staff, id, intake.GenerateOptions{})
	if err == nil {
		_, err = f.intakes.AddEvent(staff, sl.ID, intake.Event{Type: intake.EventNote, Reason: "Called them."})
	}
	if err == nil {
		_, err = f.intakes.Share(staff, sl.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{"advisor_token": f.issueToken("advisor", "round trips")}
	ids := strings.NewReplacer("{vendor}", f.vendorA.ID, "{intake}", id, "{token}", url.QueryEscape(token), "{shortlist}", sl.ID)

	var table strings.Builder
	fmt.Fprintf(&table, "\n| role | route | round trips | first run |\n|---|---|---|---|\n")
	for _, rt := range roundTrips {
		name := rt.method + " " + strings.SplitN(rt.route, "?", 2)[0]
		var first, trips []*trip
		for run := range 3 {
			wire.reset()
			body := strings.ReplaceAll(rt.body, "{run}", strconv.Itoa(run)) // a write that changes something
			rec := f.send(rt.role, tokens[rt.role], rt.method, ids.Replace(rt.route), body)
			trips = wire.taken()
			if run == 0 {
				first = trips
			}
			if rec.Code != rt.status {
				t.Fatalf("%s as %s: %d, want %d, after%s\n%s", name, rt.role, rec.Code, rt.status, describe(trips), rec.Body.String())
			}
		}
		n := len(trips)
		fmt.Fprintf(&table, "| %s | `%s` | %d | %d |\n", rt.role, name, n, len(first))
		if n > rt.budget {
			t.Errorf("%s as %s: %d round trips to PostgreSQL, budget %d:%s", name, rt.role, n, rt.budget, describe(trips))
		} else {
			t.Logf("%s as %s:%s", name, rt.role, describe(trips))
		}
	}
	t.Log(table.String())
}

// describe lists trips one a line.
func describe(trips []*trip) string {
	var b strings.Builder
	for _, tr := range trips {
		fmt.Fprintf(&b, "\n\tconn %d: %s", tr.conn, tr)
	}
	return b.String()
}

// TestPoolTrustsARecentConnection: the pool pings a connection before
// reusing it only after it sat idle for a while (postgres.pingIdle), not
// after the second pgx defaults to, which on a quiet server made one round
// trip more of nearly every request.
func TestPoolTrustsARecentConnection(t *testing.T) {
	t.Parallel()
	wire, dbURL := newWireCounter(t, pgtest.NewDB(t))
	f := newFixtureOn(t, 0, dbURL)
	f.send("advisor", "", "GET", "/api/v1/vendors", "")
	time.Sleep(1100 * time.Millisecond) // idle for longer than pgx's default
	wire.reset()
	if rec := f.send("advisor", "", "GET", "/api/v1/vendors", ""); rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	if trips := wire.taken(); len(trips) != 2 {
		t.Errorf("after a pause of a second, %d round trips, want 2 (session, vendors):%s", len(trips), describe(trips))
	}
}

// send is fixture.do for any route, pages included, which the OpenAPI
// document does not describe. A bearer token, if not "", replaces the
// role's session.
func (f *fixture) send(role, bearer, method, path, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	} else if token, ok := f.cookies[role]; ok {
		req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: token})
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}
