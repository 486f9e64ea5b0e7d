package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"callmatch"
	"callmatch/catalog"
	"callmatch/devstack/pgtest"
)

// testNow is the store clock in vendor tests: certifications are judged on
// 2026-06-01 unless a filter says otherwise.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// newVendorStore returns a store on a fresh migrated database.
func newVendorStore(t *testing.T) (*DB, *VendorStore) {
	t.Helper()
	_, db, s := newVendorStoreAt(t)
	return db, s
}

// newVendorStoreAt is newVendorStore with the database's URL, for tests
// that open connections of their own.
func newVendorStoreAt(t *testing.T) (string, *DB, *VendorStore) {
	t.Helper()
	url := pgtest.NewDB(t)
	db, err := Open(t.Context(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := NewVendorStore(db)
	s.Now = func() time.Time { return testNow }
	return url, db, s
}

// staffCtx is an advisor's request context, as the API would build it.
func staffCtx(t *testing.T) context.Context {
	return callmatch.WithActor(t.Context(), callmatch.Actor{
		UserID: "u-advisor", Email: "advisor@example.org", Role: callmatch.RoleAdvisor, RequestID: "req-1",
	})
}

// testVendor is the vendor of DOMAIN.md §3 under the given slug.
func testVendor(slug string) *catalog.Vendor {
	return &catalog.Vendor{
		Slug: slug, Name: "Vendor " + slug, Status: catalog.StatusActive,
		Website: "https://" + slug + ".example.org", Description: "Phones, done well.",
		Serves:    []string{"democratic", "nonpartisan"},
		UnionShop: true,
		Sites: []catalog.Site{{Country: "US", Region: "TX", City: "Austin",
			Timezone: "America/Chicago", Seats: 120}},
		Services:     []string{"gotv", "fundraising"},
		DialingModes: []string{"manual", "click_to_dial", "predictive"},
		Languages:    []catalog.LanguageSeats{{Code: "en", Seats: 120}, {Code: "es", Seats: 45}},
		Capacity: catalog.Capacity{HoursPerDay: 10, RampUpDays: 7, Calendar: []catalog.Week{
			{WeekStart: callmatch.MustParseDate("2026-10-05"), SeatsAvailable: 80}}},
		Rates: []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 2800, MinimumCents: 500000}},
		Certifications: []catalog.Certification{{Kind: "pci_dss", Status: catalog.CertVerified,
			IssuedOn: callmatch.MustParseDate("2026-01-10"), ExpiresOn: callmatch.MustParseDate("2027-01-10")}},
		StateExperience: []string{"TX", "AZ"},
		Metrics:         catalog.Metrics{ContactRate: 0.12, QAScore: 0.92},
	}
}

func mustCreate(t *testing.T, s *VendorStore, v *catalog.Vendor) *catalog.Vendor {
	t.Helper()
	if err := s.CreateVendor(staffCtx(t), v); err != nil {
		t.Fatalf("create %s: %v", v.Slug, err)
	}
	return v
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := callmatch.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// count returns the number of rows in table, for checking that a failed
// write left nothing behind.
func count(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestVendorCreateAndFind(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("lone-star-contact"))
	if !validID(v.ID) || !validID(v.Certifications[0].ID) {
		t.Fatalf("ids not assigned: vendor %q, certification %q", v.ID, v.Certifications[0].ID)
	}
	got, err := s.FindVendorByID(t.Context(), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := jsonOf(t, got), jsonOf(t, v); a != b {
		t.Fatalf("read back differs:\n got %s\nwant %s", a, b)
	}
}

func TestVendorCreateKeepsGivenID(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	v := testVendor("given-id")
	v.ID = "6f1c1b8e-3f1d-4c59-9a57-3d2b1f0a6e11"
	mustCreate(t, s, v)
	if _, err := s.FindVendorByID(t.Context(), v.ID); err != nil {
		t.Fatal(err)
	}
	dup := testVendor("other-slug")
	dup.ID = v.ID
	err := s.CreateVendor(staffCtx(t), dup)
	wantCode(t, err, callmatch.ECONFLICT)
	bad := testVendor("bad-id")
	bad.ID = "not-a-uuid"
	wantCode(t, s.CreateVendor(staffCtx(t), bad), callmatch.EINVALID)
}

func TestVendorCreateEmptyListsReadBackAsEmpty(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	v := &catalog.Vendor{Slug: "bare", Name: "Bare", Status: catalog.StatusDraft,
		Capacity: catalog.Capacity{HoursPerDay: 8}}
	mustCreate(t, s, v)
	got, err := s.FindVendorByID(t.Context(), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if j := jsonOf(t, got); strings.Contains(j, "null") {
		t.Fatalf("empty lists should read back as [], got %s", j)
	}
}

func TestVendorCreateDuplicateSlug(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	mustCreate(t, s, testVendor("lone-star-contact"))
	audits, outbox := count(t, db, "audit_log"), count(t, db, "outbox")

	err := s.CreateVendor(staffCtx(t), testVendor("lone-star-contact"))
	wantCode(t, err, callmatch.ECONFLICT)
	if !strings.Contains(callmatch.ErrorMessage(err), `"lone-star-contact"`) {
		t.Errorf("message should name the slug: %q", callmatch.ErrorMessage(err))
	}
	if count(t, db, "vendors") != 1 || count(t, db, "audit_log") != audits || count(t, db, "outbox") != outbox {
		t.Error("a failed create left rows behind")
	}
}

func TestVendorCreateInvalid(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := testVendor("bad")
	v.Services = []string{"gotv", "robocalls"}
	err := s.CreateVendor(staffCtx(t), v)
	wantCode(t, err, callmatch.EINVALID)
	var ce *callmatch.Error
	if !errors.As(err, &ce) || ce.Fields["services[1]"] == "" {
		t.Fatalf("want a field error for services[1], got %v", err)
	}
	for _, table := range []string{"vendors", "certifications", "audit_log", "outbox"} {
		if n := count(t, db, table); n != 0 {
			t.Errorf("%s has %d rows after an invalid create", table, n)
		}
	}
}

func TestVendorNotFound(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	ctx := staffCtx(t)
	name := "x"
	for _, id := range []string{"6f1c1b8e-3f1d-4c59-9a57-3d2b1f0a6e11", "not-a-uuid", ""} {
		_, err := s.FindVendorByID(ctx, id)
		wantCode(t, err, callmatch.ENOTFOUND)
		_, err = s.UpdateVendor(ctx, id, catalog.VendorUpdate{Name: &name})
		wantCode(t, err, callmatch.ENOTFOUND)
		_, err = s.SetCapacity(ctx, id, catalog.Capacity{HoursPerDay: 8})
		wantCode(t, err, callmatch.ENOTFOUND)
		_, err = s.AddCertification(ctx, id, catalog.Certification{Kind: "pci_dss", Status: catalog.CertPending,
			ExpiresOn: callmatch.MustParseDate("2027-01-01")})
		wantCode(t, err, callmatch.ENOTFOUND)
		_, _, err = s.DecideCertification(ctx, id, catalog.CertificationDecision{Status: catalog.CertVerified})
		wantCode(t, err, callmatch.ENOTFOUND)
		_, err = s.FindCertificationVendorID(ctx, id)
		wantCode(t, err, callmatch.ENOTFOUND)
	}
}

func TestSnapshotVersionChangesOnEveryWrite(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	ctx := staffCtx(t)
	vs, v0, err := s.Snapshot(ctx)
	if err != nil || len(vs) != 0 {
		t.Fatalf("empty snapshot: %v, %d vendors", err, len(vs))
	}
	a := mustCreate(t, s, testVendor("alpha"))
	mustCreate(t, s, testVendor("beta"))
	vs, v1, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1 == v0 || len(vs) != 2 || vs[0].Slug != "alpha" || len(vs[0].Certifications) != 1 {
		t.Fatalf("after two creates: version %s→%s, %d vendors", v0, v1, len(vs))
	}
	versions := map[string]bool{v0: true, v1: true}
	name := "Alpha Prime"
	writes := []func() error{
		func() error { _, err := s.UpdateVendor(ctx, a.ID, catalog.VendorUpdate{Name: &name}); return err },
		func() error { _, err := s.SetCapacity(ctx, a.ID, catalog.Capacity{HoursPerDay: 6}); return err },
		func() error {
			c, err := s.AddCertification(ctx, a.ID, catalog.Certification{Kind: "soc2_type2",
				Status: catalog.CertPending, ExpiresOn: callmatch.MustParseDate("2027-06-01")})
			if err != nil {
				return err
			}
			_, _, err = s.DecideCertification(ctx, c.ID, catalog.CertificationDecision{Status: catalog.CertVerified})
			return err
		},
	}
	for i, w := range writes {
		if err := w(); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		_, v, err := s.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if versions[v] {
			t.Fatalf("write %d did not change the catalog version (%s)", i, v)
		}
		versions[v] = true
		if cv, err := s.CatalogVersion(ctx); err != nil || cv != v {
			t.Fatalf("CatalogVersion = %q, %v; Snapshot said %q", cv, err, v)
		}
	}
	// A write that changes nothing leaves the version alone.
	_, before, _ := s.Snapshot(ctx)
	if _, err := s.UpdateVendor(ctx, a.ID, catalog.VendorUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if _, after, _ := s.Snapshot(ctx); after != before {
		t.Errorf("no-op update changed the version %s→%s", before, after)
	}
}

func TestCatalogChangedIsNotifiedOnCommit(t *testing.T) {
	t.Parallel()
	url, _, s := newVendorStoreAt(t)
	listener, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close(context.Background()) })
	if _, err := listener.Exec(t.Context(), "LISTEN "+CatalogChangedChannel); err != nil {
		t.Fatal(err)
	}

	// A failed write sends nothing; the next successful one does.
	bad := testVendor("bad")
	bad.Status = "open"
	wantCode(t, s.CreateVendor(staffCtx(t), bad), callmatch.EINVALID)
	mustCreate(t, s, testVendor("good"))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	n, err := listener.WaitForNotification(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, version, _ := s.Snapshot(t.Context())
	if n.Channel != CatalogChangedChannel || n.Payload != version {
		t.Errorf("notification %s %q, want %s %q", n.Channel, n.Payload, CatalogChangedChannel, version)
	}
}
