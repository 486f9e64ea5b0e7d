package postgres

import (
	"slices"
	"testing"

	"callmatch/catalog"
	"callmatch/devstack/pgtest"
)

func TestTextArrayRoundTrip(t *testing.T) {
	t.Parallel()
	db, err := Open(t.Context(), pgtest.NewDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, in := range []textArray{{}, {"en"}, {"a b", `q"uote`, `back\slash`, "com,ma", "{brace}", "NULL", ""}} {
		var out textArray
		if err := db.SQL().QueryRowContext(t.Context(), "SELECT $1::text[]", in).Scan(&out); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !slices.Equal(in, out) {
			t.Errorf("round trip of %q gave %q", in, out)
		}
	}
}

func TestVendorRowProjections(t *testing.T) {
	t.Parallel()
	v := testVendor("p")
	v.Sites = append(v.Sites,
		catalog.Site{Country: "US", Region: "TX", City: "Dallas", Timezone: "America/Chicago", Seats: 5},
		catalog.Site{Country: "US", Region: "GA", City: "Atlanta", Timezone: "America/New_York", Seats: 5},
		catalog.Site{Country: "MX", Region: "NL", City: "Monterrey", Timezone: "America/Monterrey", Seats: 5})
	v.Languages = append(v.Languages, catalog.LanguageSeats{Code: "ko", Seats: 0})
	r := toVendorRow(v)
	if !slices.Equal(r.States, textArray{"TX", "GA"}) || r.Onshore || !slices.Equal(r.Languages, textArray{"en", "es"}) {
		t.Errorf("states %v onshore %v languages %v", r.States, r.Onshore, r.Languages)
	}
	normalize(v)
	if back := r.toVendor(nil); jsonOf(t, back) != jsonOf(t, &catalog.Vendor{
		Slug: v.Slug, Name: v.Name, Status: v.Status, Website: v.Website, Description: v.Description,
		Serves: v.Serves, UnionShop: v.UnionShop, Sites: v.Sites, Services: v.Services,
		DialingModes: v.DialingModes, Languages: v.Languages, Capacity: v.Capacity, Rates: v.Rates,
		Certifications: []catalog.Certification{}, StateExperience: v.StateExperience, IssueExperience: v.IssueExperience,
		AudienceExperience: v.AudienceExperience, Metrics: v.Metrics,
	}) {
		t.Errorf("row does not convert back: %s", jsonOf(t, back))
	}
}
