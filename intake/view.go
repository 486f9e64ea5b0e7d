package intake

import (
	"time"

	"callmatch"
	"callmatch/matching"
)

// CampaignView is everything a campaign sees through its private link: its
// own request and the latest shortlist shared with it, reduced to the
// vendors it may consider. Excluded vendors, dropped vendors, ties among
// other vendors, the engine's demand internals and anything about fees or
// other campaigns never appear here.
type CampaignView struct {
	ID        string           `json:"id"`
	Status    string           `json:"status"`
	CreatedAt time.Time        `json:"created_at"`
	Request   RequestSummary   `json:"request"`
	Shortlist *SharedShortlist `json:"shortlist"` // null until one is shared
	// Hired are the vendors the campaign signed with, first signed first;
	// empty before an engagement.
	Hired []HiredVendor `json:"hired"`
}

// RequestSummary is the campaign's own request, without contact details:
// the page behind the link must not show personal data to whoever holds
// the link.
type RequestSummary struct {
	CampaignName      string                   `json:"campaign_name"`
	Race              string                   `json:"race,omitempty"`
	Services          []string                 `json:"services"`
	TargetStates      []string                 `json:"target_states"`
	Records           int64                    `json:"records"`
	AttemptsPerRecord int64                    `json:"attempts_per_record"`
	CompletesTarget   int64                    `json:"completes_target"`
	StartDate         callmatch.Date           `json:"start_date"`
	EndDate           callmatch.Date           `json:"end_date"`
	Languages         []matching.LanguageShare `json:"languages"`
	BudgetCents       int64                    `json:"budget_cents"`
	IssueAreas        []string                 `json:"issue_areas,omitempty"`
	Audiences         []string                 `json:"audiences,omitempty"`
	MinAgentWageCents int64                    `json:"min_agent_wage_cents,omitempty"`
	// Message is what the campaign wrote for its advisor and the vendors
	// invited to quote (the form asks for no names or contact details).
	Message      string                `json:"message,omitempty"`
	Requirements matching.Requirements `json:"requirements"`
}

// SharedShortlist is a shared shortlist as the campaign sees it.
type SharedShortlist struct {
	Version int `json:"version"`
	// Update numbers the versions shared with the campaign, 1 for the
	// first; SharedAt is when this one was shared, and Changes what it
	// changed from the one before (absent on the first).
	Update   int               `json:"update"`
	Changes  *ShortlistChanges `json:"changes,omitempty"`
	SharedAt time.Time         `json:"shared_at"`
	AsOf     string            `json:"as_of"`
	Vendors  []SharedVendor    `json:"vendors"`
	Notes    []string          `json:"notes"` // the advisor's notes on the whole list
}

// SharedVendor is one recommended vendor with the reasons for its score.
// Rank is recomputed among the vendors shown, ties kept, so that a dropped
// vendor leaves no gap.
type SharedVendor struct {
	Rank               int               `json:"rank"`
	VendorID           string            `json:"vendor_id"`
	VendorName         string            `json:"vendor_name"`
	Score              float64           `json:"score"`
	ProjectedCostCents int64             `json:"projected_cost_cents"`
	Factors            []matching.Factor `json:"factors"`
	Warnings           []string          `json:"warnings"`
	Pinned             bool              `json:"pinned"`
	Notes              []string          `json:"notes"` // pin reasons and notes about this vendor
	// LocalSeats is the vendor's seats in the target states when the
	// shortlist was made (local employment); absent from shortlists made
	// before it was recorded.
	LocalSeats *int `json:"local_seats,omitempty"`
}

// NewCampaignView builds the campaign's view of in and of shared, the
// versions shared with it newest first (AsShared; none before the first
// share): the newest, with what it changed from the one before.
func NewCampaignView(in *Intake, shared ...*Shortlist) *CampaignView {
	f := in.Form
	v := &CampaignView{
		ID: in.ID, Status: in.Status, CreatedAt: in.CreatedAt,
		Request: RequestSummary{
			CampaignName: f.Campaign.Name, Services: f.Services, TargetStates: f.TargetStates,
			Records: f.Records, AttemptsPerRecord: f.AttemptsPerRecord, CompletesTarget: f.CompletesTarget,
			StartDate: f.StartDate, EndDate: f.EndDate, Languages: f.Languages, BudgetCents: f.BudgetCents,
			IssueAreas: f.IssueAreas, Audiences: f.Audiences, MinAgentWageCents: f.Requirements.MinAgentWageCents,
			Race: f.Campaign.Race, Message: f.Message, Requirements: f.Requirements,
		},
		Hired: []HiredVendor{},
	}
	if len(shared) == 0 || !sharedView(shared[0]) {
		return v
	}
	v.Shortlist = newSharedShortlist(shared[0])
	if len(shared) > 1 && sharedView(shared[1]) {
		v.Shortlist.Changes = CompareShared(newSharedShortlist(shared[1]), v.Shortlist)
	}
	return v
}

func newSharedShortlist(sl *Shortlist) *SharedShortlist {
	out := &SharedShortlist{Version: sl.Version, Update: 1, SharedAt: *sl.SharedAt, AsOf: sl.Result.AsOf,
		Vendors: []SharedVendor{}, Notes: []string{}}
	if sl.Share != nil {
		out.Update = sl.Share.Number
	}
	notes := map[string][]string{}
	for _, e := range sl.Standing() { // a pin taken back takes its reason with it
		switch {
		case e.VendorID == "":
			out.Notes = append(out.Notes, e.Reason)
		case e.Type == EventPin || e.Type == EventNote:
			notes[e.VendorID] = append(notes[e.VendorID], e.Reason)
		}
		// Drop reasons stay with the advisor: the vendor is not shown at all.
	}
	prevRank := 0
	for _, c := range sl.Result.Shortlist {
		if sl.Dropped(c.VendorID) {
			continue
		}
		rank := len(out.Vendors) + 1
		if n := len(out.Vendors); n > 0 && c.Rank == prevRank {
			rank = out.Vendors[n-1].Rank // tied in the engine, tied here
		}
		prevRank = c.Rank
		vn := notes[c.VendorID]
		if vn == nil {
			vn = []string{}
		}
		out.Vendors = append(out.Vendors, SharedVendor{
			Rank: rank, VendorID: c.VendorID, VendorName: c.VendorName, Score: c.Score,
			ProjectedCostCents: c.ProjectedCostCents, Factors: c.Factors, Warnings: c.Warnings,
			Pinned: sl.Pinned(c.VendorID), Notes: vn, LocalSeats: c.LocalSeats,
		})
	}
	return out
}

func sharedView(sl *Shortlist) bool { return sl != nil && sl.SharedAt != nil && sl.Result != nil }
