package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// sharedIntake submits intakeBody with records changed, generates its
// shortlist and shares it, as an advisor.
func (f *fixture) sharedIntake(records int64) *intake.Intake {
	f.t.Helper()
	var form intake.Form
	if err := decodeInto(intakeBody, &form); err != nil {
		f.t.Fatal(err)
	}
	form.Records = records
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{UserID: "test", Role: callmatch.RoleAdvisor})
	rec, _, err := f.intakes.Submit(context.Background(), form, "")
	if err != nil {
		f.t.Fatal(err)
	}
	sl, err := f.intakes.GenerateShortlist(ctx, rec.ID, intake.GenerateOptions{})
	if err == nil {
		_, err = f.intakes.Share(ctx, sl.ID)
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return rec
}

// The second engagement of a vendor whose weeks the first filled is a 409
// whose fields name the week and its seats, and the vendor's bookings list
// the first one's.
func TestEngagementConflictNamesTheWeekAndFreeSeats(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{System: "test"})
	a, b := f.sharedIntake(400_000), f.sharedIntake(400_000)

	// Room for one and a half of these programs a week.
	cat, err := f.watcher.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := matching.Book(cat, a.Form.MatchRequest(), intake.WhatIf{}.Options(&a.Form, callmatch.DateOf(f.intakes.Now())),
		a.ID, f.vendorA.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	need := map[callmatch.Date]float64{}
	for _, bk := range want {
		need[bk.WeekStart] += bk.Seats
	}
	c := catalog.Capacity{HoursPerDay: 8, RampUpDays: 5}
	for w, s := range need {
		c.Calendar = append(c.Calendar, catalog.Week{WeekStart: w, SeatsAvailable: int(1.5 * s)})
	}
	if _, err := f.vendors.SetCapacity(ctx, f.vendorA.ID, c); err != nil {
		t.Fatal(err)
	}

	body := fmt.Sprintf(`{"vendor_id": %q, "contract_value_cents": 4200000}`, f.vendorA.ID)
	if rec := f.do("advisor", http.MethodPost, "/api/v1/intakes/"+a.ID+"/engagements", body); rec.Code != http.StatusCreated {
		t.Fatalf("first engagement: %d %s", rec.Code, rec.Body.String())
	}
	rec := f.do("advisor", http.MethodPost, "/api/v1/intakes/"+b.ID+"/engagements", body)
	var e struct {
		Error struct {
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	if rec.Code != http.StatusConflict || json.Unmarshal(rec.Body.Bytes(), &e) != nil {
		t.Fatalf("second engagement: %d %s, want 409", rec.Code, rec.Body.String())
	}
	week := callmatch.MustParseDate(e.Error.Fields["week_start"])
	free, err := strconv.ParseFloat(e.Error.Fields["seats_free"], 64)
	// The week's total binds unless a language does first.
	freeOK := e.Error.Fields["language"] != "" || math.Abs(free-(float64(int(1.5*need[week]))-need[week])) < 0.05
	if need[week] == 0 || err != nil || !strings.Contains(e.Error.Message, week.String()) || !freeOK {
		t.Errorf("409 %s: want the week, its language and free seats (%v declared, %v booked)",
			rec.Body.String(), int(1.5*need[week]), need[week])
	}

	rec = f.do("vendor_own", http.MethodGet, "/api/v1/vendors/"+f.vendorA.ID+"/bookings", "")
	var list struct {
		Bookings []struct {
			IntakeID string  `json:"intake_id"`
			Seats    float64 `json:"seats"`
		} `json:"bookings"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &list) != nil || len(list.Bookings) != len(want) {
		t.Fatalf("bookings: %d %s, want %d", rec.Code, rec.Body.String(), len(want))
	}
	for _, bk := range list.Bookings {
		if bk.IntakeID != a.ID {
			t.Errorf("a booking of intake %s, want only %s", bk.IntakeID, a.ID)
		}
	}
	if rec := f.do("vendor_own", http.MethodGet, "/api/v1/vendors/"+f.vendorB.ID+"/bookings", ""); rec.Code != http.StatusNotFound {
		t.Errorf("another vendor's bookings: %d", rec.Code)
	}
}

// max_vendors outside 1–5 is a 422 naming it; absent is the default 3.
func TestPlanMaxVendors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id, _ := f.newIntake()
	path := "/api/v1/intakes/" + id + "/plans"
	for _, body := range []string{`{"max_vendors": 0}`, `{"max_vendors": 6}`, `{"max_vendors": -1}`} {
		rec := f.do("advisor", http.MethodPost, path, body)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"max_vendors"`) {
			t.Errorf("%s: %d %s, want 422 naming max_vendors", body, rec.Code, rec.Body.String())
		}
	}
	rec := f.do("advisor", http.MethodPost, path, `{}`)
	var plan struct {
		MaxVendors int `json:"max_vendors"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &plan) != nil || plan.MaxVendors != matching.DefaultMaxVendors {
		t.Errorf("no max_vendors: %d %s, want the default %d", rec.Code, rec.Body.String(), matching.DefaultMaxVendors)
	}
	if rec := f.do("advisor", http.MethodPost, "/api/v1/intakes/"+id+"/engagements",
		fmt.Sprintf(`{"vendor_id": %q, "contract_value_cents": 100000, "part": {"max_vendors": 9}}`, f.vendorA.ID)); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "max_vendors") {
		t.Errorf("a part of a plan of 9: %d %s", rec.Code, rec.Body.String())
	}
}
