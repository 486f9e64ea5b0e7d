package postgres

import (
	"fmt"
	"slices"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// filterCatalog stores five vendors that differ along every filter and
// returns their ids by slug.
func filterCatalog(t *testing.T, s *VendorStore) map[string]string {
	t.Helper()
	d := callmatch.MustParseDate
	tx := testVendor("texas-union") // en/es, TX, gotv+fundraising, dem+nonpartisan, union, pci_dss verified to 2027-01-10

	tx.IssueExperience, tx.AudienceExperience = []string{"healthcare", "labor"}, []string{"latino", "seniors"}

	az := testVendor("arizona-open")
	az.IssueExperience, az.AudienceExperience = []string{"healthcare"}, []string{"veterans"}
	az.UnionShop = false
	az.Serves = []string{"republican"}
	az.Services = []string{"polling"}
	az.Rates = []catalog.Rate{{Service: "polling", Model: "per_complete", AmountCents: 900}}
	az.Sites = []catalog.Site{{Country: "US", Region: "AZ", City: "Phoenix", Timezone: "America/Phoenix", Seats: 40}}
	az.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 40}, {Code: "vi", Seats: 0}} // no vi seats: not a vi vendor
	az.Certifications = []catalog.Certification{
		{Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: d("2025-01-01"), ExpiresOn: d("2026-03-01")}, // expired
		{Kind: "pci_dss", Status: catalog.CertPending, ExpiresOn: d("2027-01-01")},                                // pending
	}

	manila := testVendor("manila-offshore")
	manila.Sites = append(manila.Sites, catalog.Site{Country: "PH", Region: "NCR", City: "Manila",
		Timezone: "Asia/Manila", Seats: 200})
	manila.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 300}, {Code: "tl", Seats: 80}}
	manila.Certifications = []catalog.Certification{
		{Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: d("2026-07-01"), ExpiresOn: d("2027-07-01")}, // not yet issued
	}

	draft := testVendor("draft-vendor")
	draft.Status = catalog.StatusDraft
	draft.Certifications = []catalog.Certification{
		{Kind: "soc2_type2", Status: catalog.CertRejected, ExpiresOn: d("2027-07-01"), Reason: "forged"},
	}

	ohio := testVendor("ohio-remote")
	ohio.Sites = []catalog.Site{{Country: "US", Region: "OH", City: "Columbus", Timezone: "America/New_York", Seats: 30},
		{Country: "US", Region: "TX", City: "Dallas", Timezone: "America/Chicago", Seats: 30}}
	ohio.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 60}, {Code: "es", Seats: 45}} // at most its sites' 60
	ohio.Certifications = []catalog.Certification{
		{Kind: "soc2_type2", Status: catalog.CertVerified, ExpiresOn: d("2026-06-01")}, // last valid day is today
	}

	ids := map[string]string{}
	for _, v := range []*catalog.Vendor{tx, az, manila, draft, ohio} {
		ids[mustCreate(t, s, v).Slug] = v.ID
	}
	return ids
}

func TestVendorFilters(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	ids := filterCatalog(t, s)
	yes, no := true, false
	tests := []struct {
		name string
		f    catalog.VendorFilter
		want []string // slugs, in name order
	}{
		{"none", catalog.VendorFilter{}, []string{"arizona-open", "draft-vendor", "manila-offshore", "ohio-remote", "texas-union"}},
		{"language es", catalog.VendorFilter{Language: "es"}, []string{"draft-vendor", "ohio-remote", "texas-union"}},
		{"language with zero seats", catalog.VendorFilter{Language: "vi"}, nil},
		{"language tl", catalog.VendorFilter{Language: "tl"}, []string{"manila-offshore"}},
		{"service", catalog.VendorFilter{Service: "polling"}, []string{"arizona-open"}},
		{"state of a second site", catalog.VendorFilter{State: "OH"}, []string{"ohio-remote"}},
		{"state TX", catalog.VendorFilter{State: "TX"}, []string{"draft-vendor", "manila-offshore", "ohio-remote", "texas-union"}},
		{"serves", catalog.VendorFilter{Serves: "republican"}, []string{"arizona-open"}},
		{"status", catalog.VendorFilter{Status: catalog.StatusDraft}, []string{"draft-vendor"}},
		{"union", catalog.VendorFilter{UnionShop: &yes}, []string{"draft-vendor", "manila-offshore", "ohio-remote", "texas-union"}},
		{"non-union", catalog.VendorFilter{UnionShop: &no}, []string{"arizona-open"}},
		{"onshore", catalog.VendorFilter{Onshore: &yes}, []string{"arizona-open", "draft-vendor", "ohio-remote", "texas-union"}},
		{"offshore", catalog.VendorFilter{Onshore: &no}, []string{"manila-offshore"}},
		{"vendor id", catalog.VendorFilter{VendorID: ids["ohio-remote"]}, []string{"ohio-remote"}},
		{"malformed vendor id", catalog.VendorFilter{VendorID: "nope"}, nil},
		// pci_dss: verified only (arizona has a pending one; the others were replaced).
		{"certification verified", catalog.VendorFilter{Certification: "pci_dss"}, []string{"texas-union"}},
		// soc2_type2 today: arizona expired, manila not issued yet, draft rejected, ohio valid through today.
		{"certification today", catalog.VendorFilter{Certification: "soc2_type2"}, []string{"ohio-remote"}},
		{"certification later", catalog.VendorFilter{Certification: "soc2_type2", AsOf: callmatch.MustParseDate("2026-08-01")}, []string{"manila-offshore"}},
		{"certification earlier", catalog.VendorFilter{Certification: "soc2_type2", AsOf: callmatch.MustParseDate("2026-02-01")}, []string{"arizona-open", "ohio-remote"}},
		{"certification expired after", catalog.VendorFilter{Certification: "pci_dss", AsOf: callmatch.MustParseDate("2027-01-11")}, nil},
		{"issue area", catalog.VendorFilter{IssueArea: "healthcare"}, []string{"arizona-open", "texas-union"}},
		{"issue area nobody lists", catalog.VendorFilter{IssueArea: "taxes"}, nil},
		{"audience", catalog.VendorFilter{Audience: "seniors"}, []string{"texas-union"}},
		{"issue area and audience", catalog.VendorFilter{IssueArea: "healthcare", Audience: "veterans"}, []string{"arizona-open"}},
		{"combined", catalog.VendorFilter{Language: "es", State: "TX", Status: catalog.StatusActive, Onshore: &yes, Service: "gotv"},
			[]string{"ohio-remote", "texas-union"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindVendors(t.Context(), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var slugs []string
			for _, v := range got {
				slugs = append(slugs, v.Slug)
			}
			if !slices.Equal(slugs, tt.want) || total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", slugs, total, tt.want)
			}
		})
	}
}

func TestVendorFilterRejectsUnknownCodes(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	for _, f := range []catalog.VendorFilter{{Language: "spanish"}, {State: "XX"}, {Certification: "iso9001"},
		{IssueArea: "crime"}, {Audience: "elderly"}, {PerPage: 501}, {Page: -1}} {
		_, _, err := s.FindVendors(t.Context(), f)
		wantCode(t, err, callmatch.EINVALID)
	}
}

func TestVendorPagination(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	// Equal names exercise the id tie-break: pages must neither overlap
	// nor skip.
	var want []string
	for i := range 7 {
		v := testVendor(fmt.Sprintf("v%d", i))
		v.Name = fmt.Sprintf("Name %d", i/2)
		mustCreate(t, s, v)
	}
	all, total, err := s.FindVendors(t.Context(), catalog.VendorFilter{PerPage: 500})
	if err != nil || total != 7 || len(all) != 7 {
		t.Fatalf("all: %v, total %d, %d vendors", err, total, len(all))
	}
	for _, v := range all {
		want = append(want, v.ID)
	}
	var got []string
	for page := 1; page <= 4; page++ {
		vs, total, err := s.FindVendors(t.Context(), catalog.VendorFilter{Page: page, PerPage: 2})
		if err != nil {
			t.Fatal(err)
		}
		if total != 7 {
			t.Fatalf("page %d: total %d, want 7", page, total)
		}
		if wantLen := min(2, 7-2*(page-1)); len(vs) != wantLen {
			t.Fatalf("page %d: %d vendors, want %d", page, len(vs), wantLen)
		}
		for _, v := range vs {
			got = append(got, v.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages %v\nwant    %v", got, want)
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.Name > b.Name || a.Name == b.Name && a.ID > b.ID {
			t.Errorf("not ordered by name, id at %d: %s/%s then %s/%s", i, a.Name, a.ID, b.Name, b.ID)
		}
	}
	vs, total, err := s.FindVendors(t.Context(), catalog.VendorFilter{Page: 9})
	if err != nil || len(vs) != 0 || total != 7 {
		t.Errorf("page past the end: %v, %d vendors, total %d", err, len(vs), total)
	}
}
