package catalog

import "callmatch"

// Vendor is a call-center vendor as the API and the catalog file show it
// (DOMAIN.md §3). Fee terms are deliberately absent: billing owns them, and
// nothing here may influence ranking with money.
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
	IssueExperience        []string        `json:"issue_experience"`    // IssueAreas the vendor has called on
	AudienceExperience     []string        `json:"audience_experience"` // Audiences it has reached
	Labor                  *Labor          `json:"labor,omitempty"`     // nil: the vendor has declared nothing
	Metrics                Metrics         `json:"metrics"`
}

// Labor is what a vendor declares about how its agents are paid (the
// brief's fair-labor practices). A campaign may require a minimum agent
// wage; a vendor that declares none cannot meet such a requirement.
type Labor struct {
	AgentWageFloorCents int64  `json:"agent_wage_floor_cents"` // lowest hourly wage of any agent, in cents
	Employment          string `json:"employment"`             // one of AgentEmployment
	Benefits            bool   `json:"benefits"`               // agents get health or paid-leave benefits
}

// Site is one physical call floor.
type Site struct {
	Country  string `json:"country"`
	Region   string `json:"region"`
	City     string `json:"city"`
	Timezone string `json:"timezone"`
	Seats    int    `json:"seats"`
}

// LanguageSeats is how many seats can call in a language.
type LanguageSeats struct {
	Code  string `json:"code"`
	Seats int    `json:"seats"`
}

// Capacity is what the vendor can still sell. A week absent from Calendar
// counts as the sum of site seats.
type Capacity struct {
	HoursPerDay float64 `json:"hours_per_day"`
	RampUpDays  int     `json:"ramp_up_days"`
	Calendar    []Week  `json:"calendar"`
}

// Week is the seats still bookable in the week starting WeekStart (a Monday).
type Week struct {
	WeekStart      callmatch.Date `json:"week_start"`
	SeatsAvailable int            `json:"seats_available"`
}

// Rate is the price of one service under one pricing model.
type Rate struct {
	Service      string `json:"service"`
	Model        string `json:"model"`
	AmountCents  int64  `json:"amount_cents"`
	MinimumCents int64  `json:"minimum_cents"`
}

// Certification is an audited attestation. It counts for matching only while
// verified and unexpired over the whole campaign window.
type Certification struct {
	ID        string         `json:"id,omitempty"`
	Kind      string         `json:"kind"`
	Status    string         `json:"status"`
	IssuedOn  callmatch.Date `json:"issued_on"`
	ExpiresOn callmatch.Date `json:"expires_on"`
	Reason    string         `json:"reason,omitempty"` // why it was rejected
}

// ValidOver reports whether the certification is verified and unexpired on
// every day from start to end inclusive.
func (c Certification) ValidOver(start, end callmatch.Date) bool {
	return c.Status == CertVerified && (c.IssuedOn == 0 || c.IssuedOn <= start) && c.ExpiresOn >= end
}

// Metrics are outcome figures; self-reported ones (Verified false) are
// discounted by the engine.
type Metrics struct {
	ContactRate float64 `json:"contact_rate"`
	QAScore     float64 `json:"qa_score"`
	Verified    bool    `json:"verified"`
}

// TotalSeats is the sum of site seats: the weekly capacity when the calendar
// says nothing about a week.
func (v *Vendor) TotalSeats() int {
	n := 0
	for _, s := range v.Sites {
		n += s.Seats
	}
	return n
}

// Offshore reports whether any site is outside the United States.
func (v *Vendor) Offshore() bool {
	for _, s := range v.Sites {
		if s.Country != "US" {
			return true
		}
	}
	return false
}

// SeatsIn returns the seats for a language, 0 if none.
func (v *Vendor) SeatsIn(lang string) int {
	for _, l := range v.Languages {
		if l.Code == lang {
			return l.Seats
		}
	}
	return 0
}

// WeekSeats returns the seats bookable in the week starting at weekStart.
func (v *Vendor) WeekSeats(weekStart callmatch.Date) int {
	for _, w := range v.Capacity.Calendar {
		if w.WeekStart == weekStart {
			return w.SeatsAvailable
		}
	}
	return v.TotalSeats()
}

// WeekStart returns the Monday on or before d.
func WeekStart(d callmatch.Date) callmatch.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}
