package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/api"
	"callmatch/intake"
	"callmatch/matching"
)

const intakeBody = `{
  "campaign": {"name": "Garcia for Congress", "sponsor_type": "candidate", "affiliation": "democratic", "office_level": "federal", "race": "TX-23"},
  "contact": {"name": "Ana Garcia", "email": "ana@garcia.example.org", "phone": "+1 512 555 0100"},
  "services": ["gotv"], "target_states": ["TX"],
  "records": 20000, "attempts_per_record": 2,
  "start_date": "2027-09-20", "end_date": "2027-11-01",
  "languages": [{"code": "en", "share": 0.7}, {"code": "es", "share": 0.3}],
  "budget_cents": 5000000,
  "requirements": {"cell_share": 0.4}
}`

// newIntake submits a fresh intake through the service and returns its id
// and private link token.
func (f *fixture) newIntake() (string, string) {
	f.t.Helper()
	var form intake.Form
	if err := decodeInto(intakeBody, &form); err != nil {
		f.t.Fatal(err)
	}
	// Sent before its calling days, as the service requires, even when a
	// test's clock stands inside the program (inProgram).
	then := *f.intakes
	then.Now = func() time.Time { return form.StartDate.AddDays(-1).Time() }
	rec, token, err := then.Submit(context.Background(), form, "")
	if err != nil {
		f.t.Fatal(err)
	}
	return rec.ID, token
}

// newShortlist generates a shortlist of a fresh intake, as an advisor.
func (f *fixture) newShortlist() (intakeID, shortlistID string) {
	f.t.Helper()
	id, _ := f.newIntake()
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{UserID: "test", Role: callmatch.RoleAdvisor})
	sl, err := f.intakes.GenerateShortlist(ctx, id, intake.GenerateOptions{})
	if err != nil {
		f.t.Fatal(err)
	}
	return id, sl.ID
}

// TestIntakeWorkflowEndToEnd drives the whole path over HTTP: public submit,
// advisor queue, shortlist, pin and drop, share, the campaign reading it
// with its token, engagement.
func TestIntakeWorkflowEndToEnd(t *testing.T) {
	f := newFixture(t)

	rec := f.do("anonymous", http.MethodPost, "/api/v1/intakes", intakeBody)
	if rec.Code != http.StatusCreated {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body.String())
	}
	sub := decode[api.SubmitResponse](t, rec)
	if sub.Token == "" || sub.Status != "submitted" || !strings.Contains(sub.StatusURL, sub.ID) {
		t.Fatalf("submit response %+v", sub)
	}

	queue := decode[api.IntakeList](t, f.do("advisor", http.MethodGet, "/api/v1/intakes?status=submitted&sort=urgency", ""))
	if queue.Total != 1 || queue.Intakes[0].ID != sub.ID {
		t.Fatalf("queue %+v does not hold the submission", queue)
	}
	if strings.Contains(f.do("advisor", http.MethodGet, "/api/v1/intakes", "").Body.String(), "ana@garcia") {
		t.Fatal("the queue shows contact details")
	}

	rec = f.do("advisor", http.MethodPost, "/api/v1/intakes/"+sub.ID+"/shortlists", `{"method": "saw"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("shortlist: %d %s", rec.Code, rec.Body.String())
	}
	var sl struct {
		ID      string          `json:"id"`
		Version int             `json:"version"`
		Result  matching.Result `json:"result"`
	}
	sl = decode[struct {
		ID      string          `json:"id"`
		Version int             `json:"version"`
		Result  matching.Result `json:"result"`
	}](t, rec)
	if sl.Version != 1 || len(sl.Result.Shortlist) != 2 {
		t.Fatalf("shortlist v%d with %d vendors, want v1 with both", sl.Version, len(sl.Result.Shortlist))
	}
	keep, drop := sl.Result.Shortlist[0], sl.Result.Shortlist[1]

	events := "/api/v1/shortlists/" + sl.ID + "/events"
	if rec := f.do("advisor", http.MethodPost, events, fmt.Sprintf(`{"type": "pin", "vendor_id": %q, "reason": "Union floor in Austin"}`, keep.VendorID)); rec.Code != 201 {
		t.Fatalf("pin: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do("advisor", http.MethodPost, events, fmt.Sprintf(`{"type": "drop", "vendor_id": %q, "reason": "Conflict with the primary opponent"}`, drop.VendorID)); rec.Code != 201 {
		t.Fatalf("drop: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do("advisor", http.MethodPost, events, `{"type": "pin", "vendor_id": "not-on-the-list", "reason": "typo"}`); rec.Code < 400 {
		t.Fatalf("pinning a vendor not on the shortlist: %d", rec.Code)
	}

	// Before sharing, the campaign sees its request but no shortlist.
	view := decode[intake.CampaignView](t, f.do("anonymous", http.MethodGet, sub.StatusURL, ""))
	if view.Shortlist != nil {
		t.Fatal("the campaign sees a shortlist that was not shared")
	}
	if rec := f.do("advisor", http.MethodPost, "/api/v1/shortlists/"+sl.ID+"/share", ""); rec.Code != 200 {
		t.Fatalf("share: %d %s", rec.Code, rec.Body.String())
	}

	// The campaign reads it with its token, as a query parameter or bearer.
	req := httptest.NewRequest(http.MethodGet, "/api/v1/intakes/"+sub.ID, nil)
	req.Header.Set("Authorization", "Bearer "+sub.Token)
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, req)
	if w.Code != 200 || w.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("campaign read: %d, Referrer-Policy %q", w.Code, w.Header().Get("Referrer-Policy"))
	}
	view = decode[intake.CampaignView](t, w)
	if view.Status != "shared" || view.Shortlist == nil || len(view.Shortlist.Vendors) != 1 || view.Shortlist.Vendors[0].VendorID != keep.VendorID {
		t.Fatalf("campaign view %+v: want the kept vendor only", view)
	}
	body := w.Body.String()
	// `"fee` (a key), not "fee": ids are time-ordered hex, and one minted
	// at the wrong moment reads 01a24fee-….
	for _, hidden := range []string{drop.VendorID, "excluded", "ana@garcia", `"fee`} {
		if strings.Contains(body, hidden) {
			t.Errorf("the campaign view shows %q: %s", hidden, body)
		}
	}
	if len(view.Shortlist.Vendors[0].Factors) != 5 || len(view.Shortlist.Vendors[0].Notes) == 0 {
		t.Errorf("the campaign view lacks the reasons or the advisor's note: %+v", view.Shortlist.Vendors[0])
	}

	engage := "/api/v1/intakes/" + sub.ID + "/engagements"
	if rec := f.do("advisor", http.MethodPost, engage, fmt.Sprintf(`{"vendor_id": %q, "contract_value_cents": 4200000}`, drop.VendorID)); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("engaging a dropped vendor: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do("advisor", http.MethodPost, engage, fmt.Sprintf(`{"vendor_id": %q, "contract_value_cents": 4200000}`, keep.VendorID)); rec.Code != http.StatusCreated {
		t.Fatalf("engage: %d %s", rec.Code, rec.Body.String())
	}
	got := decode[api.IntakeResponse](t, f.do("advisor", http.MethodGet, "/api/v1/intakes/"+sub.ID, ""))
	if got.Status != "engaged" {
		t.Fatalf("after the engagement the intake is %q", got.Status)
	}
	// Withdrawing a signed program is a conflict naming the status.
	if rec := f.do("anonymous", http.MethodPost, sub.StatusURL[:strings.Index(sub.StatusURL, "?")]+"/withdraw?token="+url.QueryEscape(sub.Token), ""); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "engaged") {
		t.Fatalf("withdraw after engagement: %d %s", rec.Code, rec.Body.String())
	}
}

func TestIntakeTokenChecks(t *testing.T) {
	f := newFixture(t)
	id, token := f.newIntake()
	other, _ := f.newIntake()
	for name, path := range map[string]string{
		"missing token":        "/api/v1/intakes/" + id,
		"wrong token":          "/api/v1/intakes/" + id + "?token=" + url.QueryEscape(token+"x"),
		"another intake token": "/api/v1/intakes/" + other + "?token=" + url.QueryEscape(token),
		"absent intake":        "/api/v1/intakes/00000000-0000-4000-8000-000000000000?token=" + url.QueryEscape(token),
	} {
		if rec := f.do("anonymous", http.MethodGet, path, ""); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, rec.Code)
		}
	}
	if rec := f.do("anonymous", http.MethodGet, "/api/v1/intakes/"+id+"?token="+url.QueryEscape(token), ""); rec.Code != 200 {
		t.Fatalf("right token: %d", rec.Code)
	}
	rec := f.do("anonymous", http.MethodPost, "/api/v1/intakes/"+id+"/withdraw?token="+url.QueryEscape(token), "")
	if rec.Code != 200 || decode[api.StatusResponse](t, rec).Status != "withdrawn" {
		t.Fatalf("withdraw: %d %s", rec.Code, rec.Body.String())
	}
}

func TestIntakeDoubleSubmitIsOneIntake(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Go(func() {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/intakes", strings.NewReader(intakeBody))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", "form-7f3a9c")
			w := httptest.NewRecorder()
			f.srv.ServeHTTP(w, req)
			if w.Code == http.StatusCreated {
				ids[i] = decode[api.SubmitResponse](t, w).ID
			} else {
				t.Errorf("submit %d: %d %s", i, w.Code, w.Body.String())
			}
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("one Idempotency-Key produced several intakes: %v", ids)
		}
	}
	if q := decode[api.IntakeList](t, f.do("advisor", http.MethodGet, "/api/v1/intakes", "")); q.Total != 1 {
		t.Fatalf("%d intakes stored, want 1", q.Total)
	}
}

func TestIntakeRateLimitAndHoneypot(t *testing.T) {
	f := newFixtureLimit(t, 3)
	form := url.Values{
		"campaign.name": {"Yes on 4"}, "campaign.sponsor_type": {"ballot_measure"}, "campaign.affiliation": {"nonpartisan"},
		"contact.name": {"Sam Lee"}, "contact.email": {"sam@yeson4.example.org"},
		"services": {"persuasion"}, "target_states": {"ca"}, "records": {"50,000"}, "attempts_per_record": {"1"},
		"start_date": {"2027-09-01"}, "end_date": {"2027-10-30"}, "languages": {"en:0.6", "zh:0.4"}, "budget_dollars": {"$80,000"},
	}
	post := func(v url.Values) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/intakes", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, req)
		return w
	}
	if w := post(form); w.Code != http.StatusCreated {
		t.Fatalf("form-encoded submit: %d %s", w.Code, w.Body.String())
	}
	bot := url.Values{}
	for k, v := range form {
		bot[k] = v
	}
	bot.Set("homepage", "http://spam.example")
	w := post(bot)
	if w.Code != http.StatusCreated {
		t.Fatalf("honeypot submit must look accepted: %d", w.Code)
	}
	// The decoy is consistent, as a real answer is: its status URL names
	// its id (two different ids would give the bot away).
	decoy := decode[api.SubmitResponse](t, w)
	if !strings.HasPrefix(decoy.StatusURL, "/api/v1/intakes/"+decoy.ID+"?token=") || decoy.Token == "" ||
		!strings.HasSuffix(decoy.StatusURL, "="+url.QueryEscape(decoy.Token)) {
		t.Errorf("the decoy's id %s, token %q and status URL %s disagree", decoy.ID, decoy.Token, decoy.StatusURL)
	}
	if q := decode[api.IntakeList](t, f.do("advisor", http.MethodGet, "/api/v1/intakes", "")); q.Total != 1 {
		t.Fatalf("%d intakes stored, want 1 (the bot's is dropped)", q.Total)
	}
	post(form)
	w = post(form)
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Fatalf("4th submission in a minute: %d (Retry-After %q), want 429", w.Code, w.Header().Get("Retry-After"))
	}
}

func TestIntakeContactReadIsAudited(t *testing.T) {
	f := newFixture(t)
	id, _ := f.newIntake()
	rec := f.do("advisor", http.MethodGet, "/api/v1/intakes/"+id+"/contact", "")
	if rec.Code != 200 || decode[api.Contact](t, rec).Email != "ana@garcia.example.org" {
		t.Fatalf("contact: %d %s", rec.Code, rec.Body.String())
	}
	entries, err := f.db.AuditFor(context.Background(), "intake", id)
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	for _, e := range entries {
		if e.Action == "intake.contact.read" && strings.HasPrefix(e.Actor, "user:") && e.RequestID != "" {
			reads++
		}
	}
	if reads != 1 {
		t.Fatalf("%d audited contact reads, want 1", reads)
	}
	if rec := f.do("advisor", http.MethodPost, "/api/v1/intakes/"+id+"/erase", ""); rec.Code != 200 {
		t.Fatalf("erase: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do("advisor", http.MethodGet, "/api/v1/intakes/"+id+"/contact", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("contact after erasure: %d, want 404", rec.Code)
	}
}
