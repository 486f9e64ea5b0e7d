package matching

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"callmatch/catalog"
)

// TrackRecord is a vendor's delivered evidence (MARKETPLACE.md §4): the
// programs it reported production for, their dials and contacts, and the
// campaigns' scorecards (each scorecard's QA score is its four ratings'
// mean mapped from 1–5 onto 0–1, summed in QASum). The platform keeps it
// from reports and scorecards; it never comes from the vendor's profile.
type TrackRecord struct {
	VendorID   string  `json:"vendor_id"`
	Programs   int     `json:"programs"`
	Dials      int64   `json:"dials"`
	Contacts   int64   `json:"contacts"`
	Scorecards int     `json:"scorecards"`
	QASum      float64 `json:"qa_sum"`
}

// The weight of the vendor's self-reported figures in the verified ones,
// as pseudo-evidence: the self-reported contact rate counts as if observed
// over PriorDials dials, the self-reported QA score as PriorScorecards
// scorecards. A program of a few thousand dials and one scorecard moves
// the figures only a little; three programs of 50,000 dials dominate.
const (
	PriorDials      = 50_000
	PriorScorecards = 6
)

// Verified is a track record turned into the figures matching scores:
// contact rate and QA score shrunk toward the self-reported ones by the
// evidence (a Bayesian average), and Evidence in [0, 1), how much of the
// self-reported discount the record earns back: the mean of the dials'
// and the scorecards' weights, n ÷ (n + prior).
type Verified struct {
	ContactRate float64 `json:"contact_rate"`
	QAScore     float64 `json:"qa_score"`
	Evidence    float64 `json:"evidence"`
	Programs    int     `json:"programs"`
	Dials       int64   `json:"dials"`
	Scorecards  int     `json:"scorecards"`
}

// Verify shrinks t toward self. A record without dials or scorecards
// leaves the corresponding figure self-reported.
func (t TrackRecord) Verify(self catalog.Metrics) Verified {
	d, s := float64(max(t.Dials, 0)), float64(max(t.Scorecards, 0))
	contacts := float64(min(max(t.Contacts, 0), max(t.Dials, 0)))
	v := Verified{ContactRate: self.ContactRate, QAScore: self.QAScore, Programs: t.Programs, Dials: t.Dials, Scorecards: t.Scorecards}
	if d > 0 {
		v.ContactRate = (contacts + PriorDials*self.ContactRate) / (d + PriorDials)
	}
	if s > 0 {
		v.QAScore = (min(max(t.QASum, 0), s) + PriorScorecards*self.QAScore) / (s + PriorScorecards)
	}
	v.Evidence = (d/(d+PriorDials) + s/(s+PriorScorecards)) / 2
	return v
}

// Explanation is the sentence results carry: "verified over N programs, M
// dials".
func (v Verified) Explanation() string {
	return fmt.Sprintf("verified over %d %s, %s dials", v.Programs, plural(v.Programs, "program", "programs"), groupThousands(v.Dials))
}

// trackTerm is one vendor's verified figures in a snapshot.
type trackTerm struct {
	qa, contactRate, evidence float64
	text                      string // Verified.Explanation, made once per load
}

// tracks are the verified figures of the vendors with a track record, by
// profile index; nil when none has one, and then matching never looks.
type tracks map[int32]trackTerm

// WithTrackRecords returns a snapshot that shares c's vendors and
// bookings and scores the quality of the vendors in ts on their verified
// figures (TrackRecord.Verify against the vendor's self-reported metrics).
// ts is the complete set and replaces what c held; records of vendors c
// does not hold, or without a program, are ignored. It costs a pass over
// the catalog's ids when ts is not empty.
func (c *Catalog) WithTrackRecords(ts []TrackRecord) *Catalog {
	nc := &Catalog{vendors: c.vendors, bookings: c.bookings, holds: c.holds}
	if len(ts) == 0 {
		return nc
	}
	by := make(map[string]*TrackRecord, len(ts))
	for i := range ts {
		if ts[i].Programs > 0 || ts[i].Scorecards > 0 {
			by[ts[i].VendorID] = &ts[i]
		}
	}
	nc.tracks = make(tracks, len(by))
	for i := range c.profiles {
		t, ok := by[c.id(i)]
		if !ok {
			continue
		}
		p := &c.profiles[i]
		v := t.Verify(catalog.Metrics{ContactRate: p.contactRate, QAScore: p.qa})
		nc.tracks[int32(i)] = trackTerm{qa: v.QAScore, contactRate: v.ContactRate, evidence: v.Evidence, text: v.Explanation()}
	}
	return nc
}

// quality is the quality criterion's raw value of vendor idx: QA score and
// contact rate (verified ones when the vendor has a track record),
// discounted unless its metrics are verified, the discount shrinking with
// the evidence of its track record.
func (c *Catalog) quality(idx int, p *profile, a *Assumptions) float64 {
	qa, cr, evidence := p.qa, p.contactRate, 0.0
	if c.tracks != nil {
		if t, ok := c.tracks[int32(idx)]; ok {
			qa, cr, evidence = t.qa, t.contactRate, t.evidence
		}
	}
	q := a.QualityQAWeight*qa + a.QualityContactWeight*min(1, cr/a.ContactRateReference)
	if p.flags&flagVerifiedMetrics == 0 {
		q *= a.SelfReportedFactor + (1-a.SelfReportedFactor)*evidence
	}
	return q
}

// trackWarning is the vendor's track-record sentence with the share of its
// quality that counts, or "" when it has none.
func (c *Catalog) trackWarning(idx int, p *profile, a *Assumptions) string {
	t, ok := c.tracks[int32(idx)]
	if !ok {
		return ""
	}
	f := 1.0
	if p.flags&flagVerifiedMetrics == 0 {
		f = a.SelfReportedFactor + (1-a.SelfReportedFactor)*t.evidence
	}
	return fmt.Sprintf("metrics %s; quality counted at %.0f%%", t.text, math.Floor(f*100))
}

// groupThousands writes n ≥ 0 with commas: 150000 → "150,000".
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
