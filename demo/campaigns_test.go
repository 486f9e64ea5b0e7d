package demo

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"callmatch"
	"callmatch/billing"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// TestCampaignsCoverEveryStatus: the advisor's queue shows every status.
func TestCampaignsCoverEveryStatus(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Campaigns() {
		seen[c.Status] = true
	}
	for _, s := range intake.Statuses {
		if !seen[s] {
			t.Errorf("no demo campaign ends %s", s)
		}
	}
}

// TestCampaignsConsistent: each story is one the workflow allows, told
// with valid forms and events, so that seeding cannot fail half-way on
// the plan itself.
func TestCampaignsConsistent(t *testing.T) {
	keys := map[string]bool{}
	featured := 0
	for _, c := range Campaigns() {
		name := c.Key
		if keys[c.Key] || !strings.HasPrefix(c.Key, "demo-") {
			t.Errorf("%s: key is taken or lacks the demo- prefix", name)
		}
		keys[c.Key] = true
		f := c.Form
		f.ApplyDefaults()
		if err := f.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if !strings.HasSuffix(f.Contact.Email, "example.org") || !strings.Contains(f.Contact.Phone, "555") {
			t.Errorf("%s: contact %s, %s is not obviously fake", name, f.Contact.Email, f.Contact.Phone)
		}
		if f.StartDate < Season2027FirstWeek || f.EndDate > ElectionDay2027 {
			t.Errorf("%s: %s-%s is outside the 2027 season", name, f.StartDate, f.EndDate)
		}
		shared := slices.ContainsFunc(c.Shortlists, func(s ShortlistPlan) bool { return s.Share })
		wantShortlists := !slices.Contains([]string{intake.StatusSubmitted, intake.StatusInReview}, c.Status)
		wantShared := slices.Contains([]string{intake.StatusShared, intake.StatusEngaged, intake.StatusClosed}, c.Status)
		wantEngaged := c.Status == intake.StatusEngaged || c.Status == intake.StatusClosed
		switch {
		case c.Status == intake.StatusInReview && !c.Review:
			t.Errorf("%s: in review without a review", name)
		case (len(c.Shortlists) > 0) != wantShortlists && c.Status != intake.StatusWithdrawn:
			t.Errorf("%s: %s with %d shortlists", name, c.Status, len(c.Shortlists))
		case shared != wantShared && c.Status != intake.StatusWithdrawn:
			t.Errorf("%s: %s, shared %v", name, c.Status, shared)
		case (len(c.Engagements) > 0) != wantEngaged:
			t.Errorf("%s: %s with %d engagements", name, c.Status, len(c.Engagements))
		}
		if c.Featured {
			featured++
			if !shared {
				t.Errorf("%s: featured, but its status page would show no shortlist", name)
			}
		}
		for i, s := range c.Shortlists {
			if err := s.Options.Validate(); err != nil {
				t.Errorf("%s: shortlist %d: %v", name, i+1, err)
			}
			for _, ep := range s.Events {
				e := intake.Event{Type: ep.Type, Reason: ep.Reason}
				if ep.Rank != 0 {
					e.VendorID = VendorID(0)
				}
				if err := e.Validate(); err != nil || (ep.Rank == 0 && ep.Type != intake.EventNote) {
					t.Errorf("%s: shortlist %d: %+v: %v", name, i+1, ep, err)
				}
			}
		}
		for i, e := range c.Engagements {
			inv := e.Invoice
			if !inv.Status.Issued() || (inv.PaymentFailed && inv.Status != billing.StatusOpen) || e.ContractValueCents <= 0 {
				t.Errorf("%s: engagement %d: %+v", name, i+1, e)
			}
		}
	}
	if featured != 1 {
		t.Errorf("%d featured campaigns, want 1", featured)
	}
}

// TestCampaignsPlayOnDemoCatalog: the places the plan names exist on the
// demo catalog (320 vendors, as `callmatch dev` seeds) around the demo's
// date, and the engagements land on the same vendor twice, so that one
// vendor portal shows several invoices.
func TestCampaignsPlayOnDemoCatalog(t *testing.T) {
	cat := matching.NewCatalog(Vendors(320), "demo")
	for _, asOf := range []callmatch.Date{AsOf, AsOf.AddDays(6), PlayedBy} {
		t.Run(asOf.String(), func(t *testing.T) { playOnCatalog(t, cat, asOf) })
	}
}

func playOnCatalog(t *testing.T, cat *matching.Catalog, asOf callmatch.Date) {
	billed := map[string]int{}
	for _, c := range Campaigns() {
		f := c.Form
		f.ApplyDefaults()
		var undropped []string
		for i, s := range c.Shortlists {
			w := f.Priorities
			if s.Options.Weights != nil {
				w = s.Options.Weights
			}
			res, err := matching.Match(cat, f.MatchRequest(), matching.Options{AsOf: asOf, Weights: w,
				Method: s.Options.Method, Limit: s.Options.Limit})
			if err != nil {
				t.Fatalf("%s: %v", c.Key, err)
			}
			n := len(res.Shortlist)
			dropped := map[string]bool{}
			for _, ep := range s.Events {
				if ep.Rank > n || -ep.Rank > n {
					t.Errorf("%s: shortlist %d has %d candidates; an event names place %d", c.Key, i+1, n, ep.Rank)
				} else if ep.Type == intake.EventDrop {
					dropped[res.Shortlist[listIndex(ep.Rank, n)].VendorID] = true
				}
			}
			if !s.Share {
				continue
			}
			undropped = undropped[:0]
			for _, cand := range res.Shortlist {
				if !dropped[cand.VendorID] {
					undropped = append(undropped, cand.VendorID)
				}
			}
		}
		for i, e := range c.Engagements {
			if e.Rank < 1 || e.Rank > len(undropped) {
				t.Errorf("%s: engagement %d names place %d of %d", c.Key, i+1, e.Rank, len(undropped))
				continue
			}
			billed[undropped[e.Rank-1]]++
		}
	}
	if most := slices.Max(slices.Collect(maps.Values(billed))); most < 2 {
		t.Errorf("no vendor is engaged twice: %v", billed)
	}
}

// listIndex is the index of the 1-based place rank (negative: from the end)
// on a list of n.
func listIndex(rank, n int) int {
	if rank < 0 {
		return n + rank
	}
	return rank - 1
}

// TestMessagingGoalsValid: every campaign named has the key of a demo
// campaign that is not engaged (an engaged campaign's shortlist must not
// move), and names valid codes.
func TestMessagingGoalsValid(t *testing.T) {
	campaigns := map[string]Campaign{}
	for _, c := range Campaigns() {
		campaigns[c.Key] = c
	}
	for key, g := range MessagingGoals() {
		c, ok := campaigns[key]
		if !ok {
			t.Errorf("%s is not a demo campaign", key)
		}
		if len(c.Engagements) > 0 {
			t.Errorf("%s is engaged: goals would move the shortlist its engagements were made from", key)
		}
		if len(g.IssueAreas)+len(g.Audiences) == 0 {
			t.Errorf("%s names no goal", key)
		}
		for _, a := range g.IssueAreas {
			if !catalog.IssueAreas.Has(a) {
				t.Errorf("%s: issue area %q", key, a)
			}
		}
		for _, a := range g.Audiences {
			if !catalog.Audiences.Has(a) {
				t.Errorf("%s: audience %q", key, a)
			}
		}
	}
}

// TestMessagingGoalsChangeDemoRanking keeps the demo's point: the featured
// campaign's messaging goals put another vendor first on the demo catalog.
//
// It needs the intake form's issue_areas and audiences and the experience
// criterion that reads them (issue 19's match side); until both are in,
// it fails at the form. It sets the goals through the form's JSON so that
// it does not depend on the Go names of those fields.
func TestMessagingGoalsChangeDemoRanking(t *testing.T) {
	const key = "demo-2027-villarreal"
	i := slices.IndexFunc(Campaigns(), func(c Campaign) bool { return c.Key == key })
	if i < 0 {
		t.Fatalf("no campaign %s", key)
	}
	c, g := Campaigns()[i], MessagingGoals()[key]
	cat := matching.NewCatalog(Vendors(DefaultVendorCount), "demo")
	for _, asOf := range []callmatch.Date{AsOf, PlayedBy} {
		without := rankWithGoals(t, cat, c.Form, Goals{}, asOf)
		with := rankWithGoals(t, cat, c.Form, g, asOf)
		if len(without) == 0 || len(with) == 0 {
			t.Fatalf("as of %s: shortlists of %d and %d", asOf, len(without), len(with))
		}
		if without[0] == with[0] {
			t.Errorf("as of %s: %s ranks %s first with and without its goals %+v", asOf, key, with[0], g)
		}
	}
}

// rankWithGoals ranks the form with exactly the goals g and returns the
// shortlisted vendors' names in rank order.
func rankWithGoals(t *testing.T, cat *matching.Catalog, f intake.Form, g Goals, asOf callmatch.Date) []string {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	delete(fields, "issue_areas")
	delete(fields, "audiences")
	if len(g.IssueAreas)+len(g.Audiences) > 0 {
		fields["issue_areas"], _ = json.Marshal(g.IssueAreas)
		fields["audiences"], _ = json.Marshal(g.Audiences)
	}
	b, _ = json.Marshal(fields)
	var form intake.Form
	if err := callmatch.UnmarshalJSON(b, &form); err != nil {
		t.Fatalf("the intake form does not take messaging goals (issue 19's match side is not in): %v", err)
	}
	form.ApplyDefaults()
	res, err := matching.Match(cat, form.MatchRequest(), matching.Options{AsOf: asOf, Weights: form.Priorities})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range res.Shortlist {
		names = append(names, s.VendorName)
	}
	return names
}
