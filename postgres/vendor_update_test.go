package postgres

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

func TestVendorUpdateLeavesOmittedFieldsAlone(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("lone-star-contact"))
	name, union := "Lone Star Contact LLC", false
	langs := []catalog.LanguageSeats{{Code: "en", Seats: 100}, {Code: "vi", Seats: 12}}
	got, err := s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Name: &name, UnionShop: &union, Languages: &langs})
	if err != nil {
		t.Fatal(err)
	}
	want := *v
	want.Name, want.UnionShop, want.Languages = name, union, langs
	if a, b := jsonOf(t, got), jsonOf(t, &want); a != b {
		t.Fatalf("returned vendor:\n got %s\nwant %s", a, b)
	}
	stored, err := s.FindVendorByID(t.Context(), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := jsonOf(t, stored), jsonOf(t, &want); a != b {
		t.Fatalf("stored vendor:\n got %s\nwant %s", a, b)
	}
	// The filter columns follow the document.
	for _, f := range []catalog.VendorFilter{{Language: "vi"}, {UnionShop: &union}} {
		if vs, _, err := s.FindVendors(t.Context(), f); err != nil || len(vs) != 1 {
			t.Errorf("filter %+v after update: %v, %d vendors", f, err, len(vs))
		}
	}
	if vs, _, _ := s.FindVendors(t.Context(), catalog.VendorFilter{Language: "es"}); len(vs) != 0 {
		t.Error("language es still matches after it was removed")
	}
}

func TestVendorUpdateAuditsAndQueuesInOneTransaction(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("lone-star-contact"))
	name := "Renamed"
	if _, err := s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	entries, err := db.AuditFor(t.Context(), "vendor", v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d audit entries, want create and update", len(entries))
	}
	c, u := entries[0], entries[1]
	if c.Action != ActionVendorCreate || len(c.Before) != 0 || string(c.After["slug"]) != `"lone-star-contact"` {
		t.Errorf("create entry: %+v", c)
	}
	if u.Action != ActionVendorUpdate || u.Actor != "user:u-advisor" || u.Role != callmatch.RoleAdvisor ||
		u.RequestID != "req-1" || u.ObjectType != "vendor" || u.ObjectID != v.ID || u.At.IsZero() {
		t.Errorf("update entry: %+v", u)
	}
	if len(u.Before) != 1 || string(u.Before["name"]) != `"Vendor lone-star-contact"` ||
		len(u.After) != 1 || string(u.After["name"]) != `"Renamed"` {
		t.Errorf("update diff should hold only the name: before %s after %s", u.Before, u.After)
	}

	var rows []outboxRow
	if err := db.gorm.Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d outbox rows, want 2", len(rows))
	}
	for i, r := range rows {
		if r.Aggregate != AggregateVendor || r.AggregateID != v.ID || r.Version != int64(i+1) || r.DoneAt != nil {
			t.Errorf("outbox row %d: %+v", i, r)
		}
	}
	var p outboxPayload
	if err := json.Unmarshal(rows[1].Payload, &p); err != nil || p.Action != ActionVendorUpdate {
		t.Errorf("payload %s: %v", rows[1].Payload, err)
	}
}

func TestVendorUpdateFailureWritesNothing(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("one"))
	other := mustCreate(t, s, testVendor("two"))
	_, version, _ := s.Snapshot(t.Context())
	audits, outbox := count(t, db, "audit_log"), count(t, db, "outbox")

	bad := []catalog.Site{{Country: "US", Region: "XX", City: "Nowhere", Timezone: "America/Chicago", Seats: 1}}
	_, err := s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Sites: &bad})
	wantCode(t, err, callmatch.EINVALID)

	taken := other.Slug
	_, err = s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Slug: &taken})
	wantCode(t, err, callmatch.ECONFLICT)
	if !strings.Contains(callmatch.ErrorMessage(err), `"two"`) {
		t.Errorf("conflict should name the slug: %q", callmatch.ErrorMessage(err))
	}

	_, err = s.SetCapacity(staffCtx(t), v.ID, catalog.Capacity{HoursPerDay: 30})
	wantCode(t, err, callmatch.EINVALID)

	if count(t, db, "audit_log") != audits || count(t, db, "outbox") != outbox {
		t.Error("a failed update left audit or outbox rows")
	}
	if _, after, _ := s.Snapshot(t.Context()); after != version {
		t.Errorf("a failed update moved the catalog version %s→%s", version, after)
	}
	got, _ := s.FindVendorByID(t.Context(), v.ID)
	if jsonOf(t, got) != jsonOf(t, v) {
		t.Error("a failed update changed the vendor")
	}
}

func TestVendorSetCapacity(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("cap"))
	c := catalog.Capacity{HoursPerDay: 12, RampUpDays: 3, Calendar: []catalog.Week{
		{WeekStart: callmatch.MustParseDate("2026-10-12"), SeatsAvailable: 60}}}
	got, err := s.SetCapacity(staffCtx(t), v.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	want := *v
	want.Capacity = c
	if a, b := jsonOf(t, got), jsonOf(t, &want); a != b {
		t.Fatalf("got %s\nwant %s", a, b)
	}
	entries, _ := db.AuditFor(t.Context(), "vendor", v.ID)
	last := entries[len(entries)-1]
	if last.Action != ActionVendorCapacity || len(last.After) != 1 || last.After["capacity"] == nil {
		t.Errorf("capacity audit entry: %+v", last)
	}
}

// TestVendorUpdateConcurrent has many writers each add one language to the
// same vendor, reading the list and writing it back. Without the row lock
// the read-modify-write cycles would interleave and lose languages.
func TestVendorUpdateConcurrent(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := testVendor("busy")
	v.Languages = nil
	mustCreate(t, s, v)
	codes := []string{"en", "es", "zh", "vi", "ko", "tl", "ar", "ht", "ru", "pt", "fr", "hi"}
	var wg sync.WaitGroup
	errs := make(chan error, len(codes))
	for _, code := range codes {
		wg.Go(func() {
			// Each writer patches through a change function that reads the
			// current list inside the lock, like an "add a language" endpoint.
			_, err := s.modifyVendor(staffCtx(t), v.ID, ActionVendorUpdate, func(cur *catalog.Vendor) error {
				cur.Languages = append(cur.Languages, catalog.LanguageSeats{Code: code, Seats: 10})
				return cur.Validate()
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FindVendorByID(t.Context(), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Languages) != len(codes) {
		t.Fatalf("%d languages after %d concurrent additions: %+v", len(got.Languages), len(codes), got.Languages)
	}
	// Versions in the outbox are 1..N+1 with no gap or repeat.
	var versions []int64
	db.gorm.Model(&outboxRow{}).Where("aggregate_id = ?", v.ID).Order("id").Pluck("version", &versions)
	for i, ver := range versions {
		if ver != int64(i+1) {
			t.Fatalf("outbox versions %v are not 1..%d in id order", versions, len(codes)+1)
		}
	}
}

// TestVendorUpdatePatchesConcurrently runs UpdateVendor itself from many
// goroutines, each setting a different field: every field must end up set.
func TestVendorUpdatePatchesConcurrently(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("patched"))
	name, desc, web, union, against := "New Name", "New description", "https://new.example.org", false, true
	exp, issues, audiences := []string{"NY", "PA"}, []string{"housing"}, []string{"rural", "veterans"}
	labor := catalog.Labor{AgentWageFloorCents: 1600, Employment: "mixed"}
	patches := []catalog.VendorUpdate{
		{Name: &name}, {Description: &desc}, {Website: &web}, {UnionShop: &union},
		{WorksAgainstIncumbents: &against}, {StateExperience: &exp}, {IssueExperience: &issues},
		{AudienceExperience: &audiences}, {Labor: &labor},
	}
	var wg sync.WaitGroup
	for i, p := range patches {
		wg.Go(func() {
			if _, err := s.UpdateVendor(staffCtx(t), v.ID, p); err != nil {
				t.Errorf("patch %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	got, _ := s.FindVendorByID(t.Context(), v.ID)
	want := *v
	want.Name, want.Description, want.Website, want.UnionShop = name, desc, web, union
	want.WorksAgainstIncumbents, want.StateExperience = against, exp
	want.IssueExperience, want.AudienceExperience, want.Labor = issues, audiences, &labor
	if a, b := jsonOf(t, got), jsonOf(t, &want); a != b {
		t.Fatalf("after concurrent patches:\n got %s\nwant %s", a, b)
	}
}

func TestAuditDiffKeepsChangedTopLevelFields(t *testing.T) {
	t.Parallel()
	type obj struct {
		A int            `json:"a"`
		B []string       `json:"b"`
		C map[string]int `json:"c"`
	}
	d, err := diff(obj{1, []string{"x"}, map[string]int{"k": 1}}, obj{1, []string{"x", "y"}, map[string]int{"k": 1}})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%d %d %s %s", len(d.Before), len(d.After), d.Before["b"], d.After["b"]); got != `1 1 ["x"] ["x","y"]` {
		t.Errorf("diff = %s", got)
	}
	d, _ = diff(nil, obj{A: 2})
	if len(d.Before) != 0 || len(d.After) != 3 {
		t.Errorf("create diff = %+v", d)
	}
}
