package frontend_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"callmatch/catalog"
)

var directoryVendor = regexp.MustCompile(`<a class="vendor-name" href="/desk/vendors/[^"]+">([^<]+)</a>`)

// The directory shows each rate with its unit and a cost per agent-hour
// that compares them, sorts on that cost, finds state names with a typo
// and codes, and offers a correction when a search finds nothing.
func TestDirectoryRatesAndSearch(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{search: true})
	// A rate per contact, as stored: the directory reads rates from the
	// store, beside the index's order. At ≈ $30.80 an agent-hour it stays
	// the dearest, whether the relay has indexed it yet or not.
	premium := f.byName["Premium Phones"]
	premium.Rates = append(premium.Rates, catalog.Rate{Service: "persuasion", Model: "per_contact", AmountCents: 140})
	if _, _, err := f.vendors.UpsertVendors(f.ctx, []*catalog.Vendor{premium}); err != nil {
		t.Fatal(err)
	}

	body := f.do("advisor", http.MethodGet, "/desk/vendors?sort=hourly_cost", nil).Body.String()
	row := between(body, `data-vendor="`+premium.ID+`"`, `</tr>`)
	// 140¢ a contact × 220 dials an agent-hour (predictive) × 10% contacts
	for _, want := range []string{"GOTV: $45 an agent-hour", "persuasion: $1.40 a contact</span> <small class=\"muted nowrap\">≈ $30.80 an agent-hour</small>",
		`<td class="num hourly-cost">$30.80</td>`} {
		if !strings.Contains(row, want) {
			t.Errorf("Premium Phones' row lacks %q:\n%s", want, row)
		}
	}
	if !strings.Contains(body, `<th>Rates</th><th class="num">Lowest cost per agent-hour</th>`) || !strings.Contains(body, "220, preview 90") ||
		!strings.Contains(body, `<option value="hourly_cost" selected>lowest cost per agent-hour first</option>`) || strings.Contains(body, `value="lowest_rate"`) {
		t.Errorf("the directory does not explain or offer the cost per agent-hour:\n%s", between(body, `<form`, `</table>`))
	}
	var order []string
	for _, m := range directoryVendor.FindAllStringSubmatch(body, -1) {
		order = append(order, m[1])
	}
	if want := []string{"Budget Dialers", "Red State Dialing", "Middle Call Co", "&lt;script&gt;alert(1)&lt;/script&gt;", "Premium Phones"}; strings.Join(order, "|") != strings.Join(want, "|") {
		t.Errorf("sorted by cost per agent-hour (as indexed): %v, want %v", order, want)
	}

	for _, q := range []string{"txas", "tx", "Texas"} {
		if body := f.do("advisor", http.MethodGet, "/desk/vendors?q="+q, nil).Body.String(); !strings.Contains(body, `<p class="muted" id="result-count">5 vendors for`) {
			t.Errorf("%q does not find the Texas vendors: %s", q, between(body, `id="result-count">`, `</p>`))
		}
	}
	body = f.do("advisor", http.MethodGet, "/desk/vendors?q=iexas&union_shop=false", nil).Body.String()
	if !strings.Contains(body, `0 vendors for “iexas”`) ||
		!strings.Contains(body, `<p id="did-you-mean">Did you mean <a href="/desk/vendors?q=texas&amp;union_shop=false">texas</a>?</p>`) {
		t.Errorf("no correction offered:\n%s", between(body, `<div id="results"`, `<table>`))
	}
}
