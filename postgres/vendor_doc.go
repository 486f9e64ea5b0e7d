package postgres

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"callmatch"
	"callmatch/catalog"
)

// The JSON PostgreSQL keeps of vendors: vendors.doc and the audit log's
// vendor and certification entries. These types own their keys, so that
// renaming a JSON tag of the catalog or the API cannot change what is
// stored or leave existing rows unreadable. The keys are those rows were
// written with. Leaf types convert by Go conversion: a field added to the
// catalog and not here stops the build.

// vendorDoc is the part of a vendor that has no column of its own (list
// filters on experience read it, without an index).
type vendorDoc struct {
	Website                string      `json:"website,omitempty"`
	Description            string      `json:"description,omitempty"`
	WorksAgainstIncumbents bool        `json:"works_against_incumbents"`
	Sites                  []siteDoc   `json:"sites"`
	DialingModes           []string    `json:"dialing_modes"`
	Languages              []seatsDoc  `json:"languages"`
	Capacity               capacityDoc `json:"capacity"`
	Rates                  []rateDoc   `json:"rates"`
	StateExperience        []string    `json:"state_experience"`
	// Added for issue 19: omitted when empty, so that documents of vendors
	// without them are written as before, and older rows read as empty.
	IssueExperience    []string   `json:"issue_experience,omitempty"`
	AudienceExperience []string   `json:"audience_experience,omitempty"`
	Labor              *laborDoc  `json:"labor,omitempty"`
	Metrics            metricsDoc `json:"metrics"`
}

type laborDoc struct {
	AgentWageFloorCents int64  `json:"agent_wage_floor_cents"`
	Employment          string `json:"employment"`
	Benefits            bool   `json:"benefits"`
}

type siteDoc struct {
	Country  string `json:"country"`
	Region   string `json:"region"`
	City     string `json:"city"`
	Timezone string `json:"timezone"`
	Seats    int    `json:"seats"`
}

type seatsDoc struct {
	Code  string `json:"code"`
	Seats int    `json:"seats"`
}

type capacityDoc struct {
	HoursPerDay float64   `json:"hours_per_day"`
	RampUpDays  int       `json:"ramp_up_days"`
	Calendar    []weekDoc `json:"calendar"`
}

type weekDoc struct {
	WeekStart      callmatch.Date `json:"week_start"`
	SeatsAvailable int            `json:"seats_available"`
}

type rateDoc struct {
	Service      string `json:"service"`
	Model        string `json:"model"`
	AmountCents  int64  `json:"amount_cents"`
	MinimumCents int64  `json:"minimum_cents"`
}

type metricsDoc struct {
	ContactRate float64 `json:"contact_rate"`
	QAScore     float64 `json:"qa_score"`
	Verified    bool    `json:"verified"`
}

type certificationDoc struct {
	ID        string         `json:"id,omitempty"`
	Kind      string         `json:"kind"`
	Status    string         `json:"status"`
	IssuedOn  callmatch.Date `json:"issued_on"`
	ExpiresOn callmatch.Date `json:"expires_on"`
	Reason    string         `json:"reason,omitempty"`
}

func (d vendorDoc) Value() (driver.Value, error) {
	b, err := json.Marshal(d)
	return string(b), err
}

func (d *vendorDoc) Scan(src any) error {
	switch src := src.(type) {
	case string:
		return json.Unmarshal([]byte(src), d)
	case []byte:
		return json.Unmarshal(src, d)
	}
	return fmt.Errorf("vendor doc: cannot scan %T", src)
}

func docOf(v *catalog.Vendor) vendorDoc {
	return vendorDoc{
		Website: v.Website, Description: v.Description, WorksAgainstIncumbents: v.WorksAgainstIncumbents,
		Sites: mapList(v.Sites, func(s catalog.Site) siteDoc { return siteDoc(s) }), DialingModes: v.DialingModes,
		Languages: mapList(v.Languages, func(l catalog.LanguageSeats) seatsDoc { return seatsDoc(l) }),
		Capacity: capacityDoc{HoursPerDay: v.Capacity.HoursPerDay, RampUpDays: v.Capacity.RampUpDays,
			Calendar: mapList(v.Capacity.Calendar, func(w catalog.Week) weekDoc { return weekDoc(w) })},
		Rates:           mapList(v.Rates, func(r catalog.Rate) rateDoc { return rateDoc(r) }),
		StateExperience: v.StateExperience, IssueExperience: v.IssueExperience, AudienceExperience: v.AudienceExperience,
		Labor: laborDocOf(v.Labor), Metrics: metricsDoc(v.Metrics),
	}
}

func laborDocOf(l *catalog.Labor) *laborDoc {
	if l == nil {
		return nil
	}
	d := laborDoc(*l)
	return &d
}

// fill writes the document's fields onto v.
func (d vendorDoc) fill(v *catalog.Vendor) {
	v.Website, v.Description, v.WorksAgainstIncumbents = d.Website, d.Description, d.WorksAgainstIncumbents
	v.Sites = mapList(d.Sites, func(s siteDoc) catalog.Site { return catalog.Site(s) })
	v.DialingModes = d.DialingModes
	v.Languages = mapList(d.Languages, func(l seatsDoc) catalog.LanguageSeats { return catalog.LanguageSeats(l) })
	v.Capacity = catalog.Capacity{HoursPerDay: d.Capacity.HoursPerDay, RampUpDays: d.Capacity.RampUpDays,
		Calendar: mapList(d.Capacity.Calendar, func(w weekDoc) catalog.Week { return catalog.Week(w) })}
	v.Rates = mapList(d.Rates, func(r rateDoc) catalog.Rate { return catalog.Rate(r) })
	v.StateExperience, v.Metrics = d.StateExperience, catalog.Metrics(d.Metrics)
	v.IssueExperience, v.AudienceExperience, v.Labor = d.IssueExperience, d.AudienceExperience, nil
	if d.Labor != nil {
		l := catalog.Labor(*d.Labor)
		v.Labor = &l
	}
}

// vendorAudit is what the audit log keeps of a vendor: every field, the
// document's among them. The website and description shadow the
// document's, which omits them when empty, so that clearing one shows in
// the log as a change.
type vendorAudit struct {
	ID             string             `json:"id"`
	Slug           string             `json:"slug"`
	Name           string             `json:"name"`
	Status         string             `json:"status"`
	Website        string             `json:"website"`
	Description    string             `json:"description"`
	Serves         []string           `json:"serves"`
	UnionShop      bool               `json:"union_shop"`
	Services       []string           `json:"services"`
	Certifications []certificationDoc `json:"certifications"`
	// Shadowing the document's for the same reason: clearing them is a
	// change the log must show.
	IssueExperience    []string  `json:"issue_experience"`
	AudienceExperience []string  `json:"audience_experience"`
	Labor              *laborDoc `json:"labor"`
	vendorDoc
}

// auditOf is v as the audit log keeps it; nil (did not exist) stays an
// untyped nil, which a nil *vendorAudit inside an interface would not be.
func auditOf(v *catalog.Vendor) any {
	if v == nil {
		return nil
	}
	return vendorAudit{ID: v.ID, Slug: v.Slug, Name: v.Name, Status: v.Status, Website: v.Website,
		Description: v.Description, Serves: v.Serves, UnionShop: v.UnionShop, Services: v.Services,
		Certifications: mapList(v.Certifications, certificationDocOf), IssueExperience: v.IssueExperience,
		AudienceExperience: v.AudienceExperience, Labor: laborDocOf(v.Labor), vendorDoc: docOf(v)}
}

func certificationDocOf(c catalog.Certification) certificationDoc { return certificationDoc(c) }

// mapList maps a list, keeping nil as nil.
func mapList[A, B any](in []A, f func(A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}
