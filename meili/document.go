package meili

import (
	"cmp"
	"slices"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

// Document is what a vendor becomes in the index. It is a pure function of
// the vendor and its version: nothing in it depends on the day it was
// built, so an index never goes stale by itself and a rebuild gives the
// same bytes. What depends on the day (a certification counts only while
// verified and unexpired) is stored as a term and judged at query time.
type Document struct {
	ID      string `json:"id"`
	Version int64  `json:"version"` // the vendor's version when read; content is at least that new

	Slug        string   `json:"slug"`
	Name        string   `json:"name"`
	Status      string   `json:"status"`
	Description string   `json:"description"`
	Cities      []string `json:"cities"`
	// Keywords spell the coded facts out in words, so that typing
	// "spanish gotv texas union" finds what the filters would.
	Keywords []string `json:"keywords"`

	Languages []string `json:"languages"` // codes with at least one seat, as in PostgreSQL
	Services  []string `json:"services"`
	Serves    []string `json:"serves"`
	States    []string `json:"states"` // regions of US sites
	// The vendor's experience with issue areas and audiences, as listed.
	IssueExperience    []string `json:"issue_experience"`
	AudienceExperience []string `json:"audience_experience"`
	Onshore            bool     `json:"onshore"`
	UnionShop          bool     `json:"union_shop"`

	// LowestRateCents is absent for a vendor without rates, which sorts
	// such vendors last in either direction instead of first as "free".
	LowestRateCents *int64 `json:"lowest_rate_cents,omitempty"`
	// Rates carry their unit and their cost per agent-hour under the
	// default assumptions; HourlyCostCents, the lowest of those, is absent
	// without rates, as LowestRateCents is.
	Rates           []catalog.RateCost `json:"rates"`
	HourlyCostCents *int64             `json:"hourly_cost_cents,omitempty"`
	TotalSeats      int                `json:"total_seats"`

	// CertTerms holds, per certification kind, the days on which the
	// vendor's verified certifications of that kind are in force.
	CertTerms map[string]CertTerm `json:"cert_terms"`
}

// CertTerm is a run of days (days since 1970-01-01, inclusive) covered
// without a gap by verified certifications of one kind. From is 0 when a
// certification gives no issue date: valid since ever, as ValidOver says.
type CertTerm struct {
	From  int32 `json:"from"`
	Until int32 `json:"until"`
}

// Covers reports whether the term is in force on day d.
func (t CertTerm) Covers(d callmatch.Date) bool {
	return t.From <= int32(d) && int32(d) <= t.Until
}

// NewDocument maps a vendor at a version to its document.
func NewDocument(v *catalog.Vendor, version int64) Document {
	d := Document{
		ID: v.ID, Version: version, Slug: v.Slug, Name: v.Name, Status: v.Status,
		Description: v.Description, Onshore: !v.Offshore(), UnionShop: v.UnionShop,
		Cities: []string{}, Languages: []string{}, States: []string{},
		Services: nonNil(v.Services), Serves: nonNil(v.Serves),
		IssueExperience: nonNil(v.IssueExperience), AudienceExperience: nonNil(v.AudienceExperience),
		TotalSeats: v.TotalSeats(), CertTerms: certTerms(v.Certifications),
	}
	for _, s := range v.Sites {
		if s.City != "" && !slices.Contains(d.Cities, s.City) {
			d.Cities = append(d.Cities, s.City)
		}
		if s.Country == "US" && !slices.Contains(d.States, s.Region) {
			d.States = append(d.States, s.Region)
		}
	}
	for _, l := range v.Languages {
		if l.Seats > 0 && !slices.Contains(d.Languages, l.Code) {
			d.Languages = append(d.Languages, l.Code)
		}
	}
	for _, r := range v.Rates {
		if d.LowestRateCents == nil || r.AmountCents < *d.LowestRateCents {
			d.LowestRateCents = &r.AmountCents
		}
	}
	d.Rates = matching.HourlyRates(v, &matching.DefaultAssumptions)
	d.HourlyCostCents = catalog.LowestHourly(d.Rates)
	d.Keywords = keywords(v, d)
	return d
}

// certTerms merges each kind's verified certifications into runs of days
// and keeps the latest run. Earlier runs are over: a gap between two
// verified certifications can only lie in the past unless a certification
// was issued in the future, which an advisor does not verify.
func certTerms(cs []catalog.Certification) map[string]CertTerm {
	byKind := map[string][]CertTerm{}
	for _, c := range cs {
		if c.Status != catalog.CertVerified || c.ExpiresOn.IsZero() {
			continue
		}
		byKind[c.Kind] = append(byKind[c.Kind], CertTerm{From: int32(c.IssuedOn), Until: int32(c.ExpiresOn)})
	}
	out := make(map[string]CertTerm, len(byKind))
	for kind, terms := range byKind {
		slices.SortFunc(terms, func(a, b CertTerm) int { return cmp.Compare(a.From, b.From) })
		cur := terms[0]
		for _, t := range terms[1:] {
			if t.From <= cur.Until+1 {
				cur.Until = max(cur.Until, t.Until)
				continue
			}
			cur = t
		}
		out[kind] = cur
	}
	return out
}

// ValidCertifications lists the kinds in force on day d, in the order of
// catalog.CertificationKinds.
func (d Document) ValidCertifications(day callmatch.Date) []string {
	out := []string{}
	for _, k := range catalog.CertificationKinds {
		if t, ok := d.CertTerms[k]; ok && t.Covers(day) {
			out = append(out, k)
		}
	}
	return out
}

func keywords(v *catalog.Vendor, d Document) []string {
	var kw []string
	add := func(w string) {
		if w != "" && !slices.Contains(kw, w) {
			kw = append(kw, w)
		}
	}
	for _, l := range d.Languages {
		if n := catalog.LanguageName(l); n != l {
			add(n)
		}
	}
	// Each code as the words a person searches for; a code with no words
	// adds nothing. Serves is words already.
	for _, set := range []struct {
		codes []string
		words map[string]string
	}{
		{d.Services, serviceWords}, {d.States, stateNames}, {d.Serves, nil},
		{v.DialingModes, dialingWords}, {d.IssueExperience, issueWords}, {d.AudienceExperience, audienceWords},
	} {
		for _, c := range set.codes {
			if set.words != nil {
				c = set.words[c]
			}
			add(c)
		}
	}
	if d.UnionShop {
		add("union shop")
	}
	if !d.Onshore {
		add("offshore")
	}
	if kw == nil {
		kw = []string{}
	}
	return kw
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
