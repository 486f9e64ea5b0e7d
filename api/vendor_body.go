package api

import (
	"callmatch"
	"callmatch/catalog"
)

// The vendor on the wire. These types are the API's contract
// (openapi.json); the catalog's domain types may change shape without
// changing it, since only the named converters below cross between them.
// Converting a leaf type by Go conversion keeps the two in step: a field
// added to one and not the other stops the build.

// Vendor is a vendor as GET, POST and PATCH answer it, an entry of
// VendorList (the catalog file), and the body of POST /api/v1/vendors,
// where the ids are ignored: the store assigns them.
type Vendor struct {
	ID                     string          `json:"id"`
	Slug                   string          `json:"slug"`
	Name                   string          `json:"name"`
	Status                 string          `json:"status"`
	Website                string          `json:"website"`
	Description            string          `json:"description"`
	Serves                 []string        `json:"serves"`
	WorksAgainstIncumbents bool            `json:"works_against_incumbents"`
	UnionShop              bool            `json:"union_shop"`
	Sites                  []Site          `json:"sites"`
	Services               []string        `json:"services"`
	DialingModes           []string        `json:"dialing_modes"`
	Languages              []LanguageSeats `json:"languages"`
	Capacity               Capacity        `json:"capacity"`
	Rates                  []Rate          `json:"rates"`
	Certifications         []Certification `json:"certifications"`
	StateExperience        []string        `json:"state_experience"`
	IssueExperience        []string        `json:"issue_experience"`
	AudienceExperience     []string        `json:"audience_experience"`
	Labor                  *Labor          `json:"labor"` // null: the vendor declares nothing
	Metrics                Metrics         `json:"metrics"`
}

// Labor is what a vendor declares about how its agents are paid.
type Labor struct {
	AgentWageFloorCents int64  `json:"agent_wage_floor_cents"`
	Employment          string `json:"employment"`
	Benefits            bool   `json:"benefits"`
}

// Site is one call floor.
type Site struct {
	Country  string `json:"country"`
	Region   string `json:"region"`
	City     string `json:"city"`
	Timezone string `json:"timezone"`
	Seats    int    `json:"seats"`
}

// LanguageSeats is how many seats call in a language.
type LanguageSeats struct {
	Code  string `json:"code"`
	Seats int    `json:"seats"`
}

// Capacity is the body of PUT /api/v1/vendors/{id}/capacity and a part
// of Vendor.
type Capacity struct {
	HoursPerDay float64 `json:"hours_per_day"`
	RampUpDays  int     `json:"ramp_up_days"`
	Calendar    []Week  `json:"calendar"`
}

// Week is the seats still bookable in the week starting on a Monday.
type Week struct {
	WeekStart      callmatch.Date `json:"week_start"`
	SeatsAvailable int            `json:"seats_available"`
}

// Rate is the price of one service.
type Rate struct {
	Service      string `json:"service"`
	Model        string `json:"model"`
	AmountCents  int64  `json:"amount_cents"`
	MinimumCents int64  `json:"minimum_cents"`
}

// Certification is an audited attestation and where its verification
// stands.
type Certification struct {
	ID        string         `json:"id,omitempty"`
	Kind      string         `json:"kind"`
	Status    string         `json:"status"`
	IssuedOn  callmatch.Date `json:"issued_on"`
	ExpiresOn callmatch.Date `json:"expires_on"`
	Reason    string         `json:"reason,omitempty"`
}

// Metrics are outcome figures; only staff set them.
type Metrics struct {
	ContactRate float64 `json:"contact_rate"`
	QAScore     float64 `json:"qa_score"`
	Verified    bool    `json:"verified"`
}

// VendorPatch is the body of PATCH /api/v1/vendors/{id}: absent fields
// stay as they are. Status, slug and metrics are staff's to set.
type VendorPatch struct {
	Slug                   *string          `json:"slug"`
	Name                   *string          `json:"name"`
	Status                 *string          `json:"status"`
	Website                *string          `json:"website"`
	Description            *string          `json:"description"`
	Serves                 *[]string        `json:"serves"`
	WorksAgainstIncumbents *bool            `json:"works_against_incumbents"`
	UnionShop              *bool            `json:"union_shop"`
	Sites                  *[]Site          `json:"sites"`
	Services               *[]string        `json:"services"`
	DialingModes           *[]string        `json:"dialing_modes"`
	Languages              *[]LanguageSeats `json:"languages"`
	Capacity               *Capacity        `json:"capacity"`
	Rates                  *[]Rate          `json:"rates"`
	StateExperience        *[]string        `json:"state_experience"`
	IssueExperience        *[]string        `json:"issue_experience"`
	AudienceExperience     *[]string        `json:"audience_experience"`
	Labor                  *Labor           `json:"labor"` // replaces the declaration; {} withdraws it
	Metrics                *Metrics         `json:"metrics"`
}

// CertificationRequest is what a vendor submits; status is always pending
// until an advisor verifies it.
type CertificationRequest struct {
	Kind      string         `json:"kind"`
	IssuedOn  callmatch.Date `json:"issued_on"`
	ExpiresOn callmatch.Date `json:"expires_on"`
}

// CertificationDecision is the body of POST /api/v1/certifications/{id}/verify.
type CertificationDecision struct {
	Status string `json:"status"` // verified or rejected
	Reason string `json:"reason"` // required when rejected
}

// vendorFrom is the wire form of a stored vendor.
func vendorFrom(v *catalog.Vendor) Vendor {
	return Vendor{ID: v.ID, Slug: v.Slug, Name: v.Name, Status: v.Status, Website: v.Website, Description: v.Description,
		Serves: v.Serves, WorksAgainstIncumbents: v.WorksAgainstIncumbents, UnionShop: v.UnionShop,
		Sites: convert(v.Sites, siteFrom), Services: v.Services, DialingModes: v.DialingModes,
		Languages: convert(v.Languages, languageFrom), Capacity: capacityFrom(v.Capacity), Rates: convert(v.Rates, rateFrom),
		Certifications: convert(v.Certifications, certificationFrom), StateExperience: v.StateExperience,
		IssueExperience: v.IssueExperience, AudienceExperience: v.AudienceExperience, Labor: laborFrom(v.Labor),
		Metrics: Metrics(v.Metrics)}
}

// vendorsFrom is the wire form of a list, never null.
func vendorsFrom(vs []*catalog.Vendor) []Vendor {
	out := make([]Vendor, len(vs))
	for i, v := range vs {
		out[i] = vendorFrom(v)
	}
	return out
}

// toCatalog is the vendor a POST asks to create; the service leaves its
// ids to the store.
func (v Vendor) toCatalog() *catalog.Vendor {
	return &catalog.Vendor{Slug: v.Slug, Name: v.Name, Status: v.Status, Website: v.Website, Description: v.Description,
		Serves: v.Serves, WorksAgainstIncumbents: v.WorksAgainstIncumbents, UnionShop: v.UnionShop,
		Sites: convert(v.Sites, Site.toCatalog), Services: v.Services, DialingModes: v.DialingModes,
		Languages: convert(v.Languages, LanguageSeats.toCatalog), Capacity: v.Capacity.toCatalog(),
		Rates: convert(v.Rates, Rate.toCatalog), Certifications: convert(v.Certifications, Certification.toCatalog),
		StateExperience: v.StateExperience, IssueExperience: v.IssueExperience, AudienceExperience: v.AudienceExperience,
		Labor: v.Labor.toCatalog(), Metrics: catalog.Metrics(v.Metrics)}
}

// toUpdate is the change a PATCH asks for.
func (p VendorPatch) toUpdate() catalog.VendorUpdate {
	u := catalog.VendorUpdate{Slug: p.Slug, Name: p.Name, Status: p.Status, Website: p.Website, Description: p.Description,
		Serves: p.Serves, WorksAgainstIncumbents: p.WorksAgainstIncumbents, UnionShop: p.UnionShop, Services: p.Services,
		DialingModes: p.DialingModes, StateExperience: p.StateExperience, IssueExperience: p.IssueExperience,
		AudienceExperience: p.AudienceExperience, Labor: p.Labor.toCatalog()}
	u.Sites = convertPtr(p.Sites, Site.toCatalog)
	u.Languages = convertPtr(p.Languages, LanguageSeats.toCatalog)
	u.Rates = convertPtr(p.Rates, Rate.toCatalog)
	if p.Capacity != nil {
		c := p.Capacity.toCatalog()
		u.Capacity = &c
	}
	if p.Metrics != nil {
		m := catalog.Metrics(*p.Metrics)
		u.Metrics = &m
	}
	return u
}

func (c CertificationRequest) toCatalog() catalog.Certification {
	return catalog.Certification{Kind: c.Kind, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn}
}

func (d CertificationDecision) toCatalog() catalog.CertificationDecision {
	return catalog.CertificationDecision(d)
}

func siteFrom(s catalog.Site) Site                            { return Site(s) }
func (s Site) toCatalog() catalog.Site                        { return catalog.Site(s) }
func languageFrom(l catalog.LanguageSeats) LanguageSeats      { return LanguageSeats(l) }
func (l LanguageSeats) toCatalog() catalog.LanguageSeats      { return catalog.LanguageSeats(l) }
func rateFrom(r catalog.Rate) Rate                            { return Rate(r) }
func (r Rate) toCatalog() catalog.Rate                        { return catalog.Rate(r) }
func certificationFrom(c catalog.Certification) Certification { return Certification(c) }
func (c Certification) toCatalog() catalog.Certification      { return catalog.Certification(c) }
func weekFrom(w catalog.Week) Week                            { return Week(w) }
func (w Week) toCatalog() catalog.Week                        { return catalog.Week(w) }

// laborFrom and toCatalog keep nil (nothing declared) as nil.
func laborFrom(l *catalog.Labor) *Labor {
	if l == nil {
		return nil
	}
	w := Labor(*l)
	return &w
}

func (l *Labor) toCatalog() *catalog.Labor {
	if l == nil {
		return nil
	}
	c := catalog.Labor(*l)
	return &c
}

func capacityFrom(c catalog.Capacity) Capacity {
	return Capacity{HoursPerDay: c.HoursPerDay, RampUpDays: c.RampUpDays, Calendar: convert(c.Calendar, weekFrom)}
}

func (c Capacity) toCatalog() catalog.Capacity {
	return catalog.Capacity{HoursPerDay: c.HoursPerDay, RampUpDays: c.RampUpDays, Calendar: convert(c.Calendar, Week.toCatalog)}
}

// convert maps a list, keeping nil as nil so that the wire keeps showing
// what the store holds.
func convert[A, B any](in []A, f func(A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}

func convertPtr[A, B any](in *[]A, f func(A) B) *[]B {
	if in == nil {
		return nil
	}
	out := convert(*in, f)
	if out == nil {
		out = []B{}
	}
	return &out
}
