package meili_test

import (
	"slices"
	"testing"

	"callmatch/catalog"
)

// hourly_cost sorts on the lowest rate as a cost per agent-hour: Golden
// Gate's 90¢ a contact (≈ $4.95 an agent-hour, manual dialing) comes
// first, Keystone's 4¢ a message (≈ $40 an hour of texting) no longer
// does, and vendors without rates come last either way.
func TestSortByCostPerAgentHour(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create(fixture()...)
	e.reindex()

	want := []string{"golden-gate-callers", "frontera-voces", "keystone-dialers", "lone-star-contact", "draft-dialing", "peach-state-phones", "bayou-outreach"}
	if got := slugs(search(t, e, catalog.SearchQuery{Sort: "hourly_cost"})); !slices.Equal(got, want) {
		t.Errorf("hourly_cost: %v\nwant %v", got, want)
	}
	desc := slices.Clone(want[:len(want)-1])
	slices.Reverse(desc)
	if got := slugs(search(t, e, catalog.SearchQuery{Sort: "-hourly_cost"})); !slices.Equal(got, append(desc, "bayou-outreach")) {
		t.Errorf("-hourly_cost: %v", got)
	}
	res := search(t, e, catalog.SearchQuery{Text: "Golden Gate"})
	if len(res.Hits) == 0 {
		t.Fatal("Golden Gate not found")
	}
	h := res.Hits[0]
	if h.HourlyCostCents == nil || *h.HourlyCostCents != 495 || len(h.Rates) != 2 ||
		h.Rates[1].Model != "per_contact" || h.Rates[1].AmountCents != 90 || h.Rates[1].HourlyCents != 495 {
		t.Errorf("Golden Gate's rates: %+v, lowest hourly %v", h.Rates, h.HourlyCostCents)
	}
}
