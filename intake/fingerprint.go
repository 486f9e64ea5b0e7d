package intake

import (
	"encoding/binary"
	"strconv"

	"callmatch/matching"
)

// Fingerprint is the canonical encoding of the request a campaign made,
// written out field by field: the idempotency check compares it, so that a
// retry is recognised whatever the JSON tags, field order or encoder of
// the day. Each field is its name and its value, both length-prefixed;
// lists give their length first; numbers are in their shortest exact
// form. Adding a field to Form means adding it here (a test checks that
// every field changes the fingerprint); changing this encoding turns the
// retries in flight during a deploy into conflicts, so do not without
// need.
func (f *Form) Fingerprint() []byte {
	var p fingerprint
	p.str("campaign.name", f.Campaign.Name)
	p.str("campaign.sponsor_type", f.Campaign.SponsorType)
	p.str("campaign.affiliation", f.Campaign.Affiliation)
	p.str("campaign.office_level", f.Campaign.OfficeLevel)
	p.str("campaign.race", f.Campaign.Race)
	p.bool("campaign.challenger_in_primary", f.Campaign.ChallengerInPrimary)
	p.str("contact.name", f.Contact.Name)
	p.str("contact.email", f.Contact.Email)
	p.str("contact.phone", f.Contact.Phone)
	p.list("services", f.Services)
	p.list("target_states", f.TargetStates)
	p.int("records", f.Records)
	p.int("attempts_per_record", f.AttemptsPerRecord)
	p.int("completes_target", f.CompletesTarget)
	p.str("start_date", f.StartDate.String())
	p.str("end_date", f.EndDate.String())
	p.int("languages", int64(len(f.Languages)))
	for _, l := range f.Languages {
		p.str("languages.code", l.Code)
		p.float("languages.share", l.Share)
	}
	p.int("budget_cents", f.BudgetCents)
	r := f.Requirements
	p.bool("requirements.union_required", r.UnionRequired)
	p.bool("requirements.domestic_only", r.DomesticOnly)
	p.bool("requirements.takes_card_payments", r.TakesCardPayments)
	p.bool("requirements.cell_consent", r.CellConsent)
	p.float("requirements.cell_share", r.CellShare)
	p.list("requirements.certifications", r.Certifications)
	p.bool("priorities", f.Priorities != nil)
	if w := f.Priorities; w != nil {
		p.weights(*w)
	}
	p.str("message", f.Message)
	// Fields added later are written only when set, so that a form
	// without them keeps the fingerprint it always had.
	if r.MinAgentWageCents != 0 {
		p.int("requirements.min_agent_wage_cents", r.MinAgentWageCents)
	}
	if len(f.IssueAreas) > 0 {
		p.list("issue_areas", f.IssueAreas)
	}
	if len(f.Audiences) > 0 {
		p.list("audiences", f.Audiences)
	}
	if f.Lang != "" {
		p.str("lang", f.Lang)
	}
	if f.Campaign.ShareName {
		p.bool("campaign.share_name", true)
	}
	return p.buf
}

type fingerprint struct{ buf []byte }

func (p *fingerprint) str(name, value string) {
	p.buf = binary.AppendUvarint(p.buf, uint64(len(name)))
	p.buf = append(p.buf, name...)
	p.buf = binary.AppendUvarint(p.buf, uint64(len(value)))
	p.buf = append(p.buf, value...)
}

func (p *fingerprint) int(name string, x int64) { p.str(name, strconv.FormatInt(x, 10)) }

func (p *fingerprint) float(name string, x float64) {
	p.str(name, strconv.FormatFloat(x, 'g', -1, 64))
}

func (p *fingerprint) bool(name string, x bool) { p.str(name, strconv.FormatBool(x)) }

func (p *fingerprint) list(name string, xs []string) {
	p.int(name, int64(len(xs)))
	for _, x := range xs {
		p.str(name+"[]", x)
	}
}

func (p *fingerprint) weights(w matching.Weights) {
	p.float("priorities.cost", w.Cost)
	p.float("priorities.quality", w.Quality)
	p.float("priorities.capacity", w.Capacity)
	p.float("priorities.experience", w.Experience)
	p.float("priorities.readiness", w.Readiness)
}
