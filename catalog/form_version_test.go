package catalog_test

import (
	"net/url"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// The form shows a week that follows the sites with their total in its
// box. When the total changes between rendering and saving, the boxes
// left at the total shown still follow the sites: only a box typed to
// another number becomes a stored week.
func TestCapacityFromFormWeeksAtTheShownTotalFollowTheSites(t *testing.T) {
	d := callmatch.MustParseDate
	v := &catalog.Vendor{Sites: []catalog.Site{{Seats: 200}}} // the total is 200 now; the form showed 120
	grid := []callmatch.Date{d("2026-11-30"), d("2026-12-07"), d("2026-12-14")}
	f := url.Values{"capacity_total": {"120"}, "w_2026-11-30": {"120"}, "w_2026-12-07": {"60"}, "w_2026-12-14": {"200"}}
	c, err := catalog.CapacityFromForm(f, v, grid, d("2026-12-02"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Calendar) != 1 || c.Calendar[0] != (catalog.Week{WeekStart: d("2026-12-07"), SeatsAvailable: 60}) {
		t.Errorf("stored weeks %+v, want only the week of 2026-12-07 at 60", c.Calendar)
	}
	f.Set("capacity_total", "lots")
	if _, err := catalog.CapacityFromForm(f, v, grid, d("2026-12-02")); fieldErr(t, err, "capacity_total") == "" {
		t.Errorf("a total that is no number is not named: %v", err)
	}

	// Sites and weeks saved together: weeks at the sites' new total follow
	// them too, whichever order the sections came in.
	form := url.Values{"section": {"capacity", "sites"}, "city": {"Austin"}, "seats": {"300"}, "capacity_total": {"200"},
		"w_2026-11-30": {"200"}, "w_2026-12-07": {"300"}, "w_2026-12-14": {"90"}}
	u, err := catalog.VendorFromForm(form, v, grid, d("2026-12-02"))
	if err != nil {
		t.Fatal(err)
	}
	if c := u.Capacity.Calendar; len(c) != 1 || c[0] != (catalog.Week{WeekStart: d("2026-12-14"), SeatsAvailable: 90}) {
		t.Errorf("stored weeks %+v, want only the week of 2026-12-14 at 90", c)
	}
}

// The form's version is what its change is made against; a form without
// one (a script's) changes whatever is stored, and a bad one is named.
func TestVendorFromFormCarriesTheVersion(t *testing.T) {
	v := &catalog.Vendor{Sites: []catalog.Site{{Seats: 100}}}
	u, err := catalog.VendorFromForm(url.Values{"section": {"profile", "rates"}, "name": {"Lone Star"}, "version": {"7"}}, v, nil, 0)
	if err != nil || u.IfVersion != 7 {
		t.Errorf("version 7 read as %d, %v", u.IfVersion, err)
	}
	if u, err := catalog.VendorFromForm(url.Values{"section": {"rates"}}, v, nil, 0); err != nil || u.IfVersion != 0 {
		t.Errorf("no version read as %d, %v", u.IfVersion, err)
	}
	for _, bad := range []string{"seven", "0", "-3"} {
		_, err := catalog.VendorFromForm(url.Values{"section": {"rates"}, "version": {bad}}, v, nil, 0)
		if fieldErr(t, err, "version") == "" {
			t.Errorf("version %q is not named: %v", bad, err)
		}
	}
}
