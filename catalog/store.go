package catalog

import (
	"context"
	"strings"

	"callmatch"
)

// VendorFilter narrows FindVendors. Empty fields do not filter.
type VendorFilter struct {
	Language      string
	Service       string
	State         string // a site in this state
	Serves        string
	Certification string // verified and unexpired on AsOf
	Status        string
	UnionShop     *bool
	Onshore       *bool  // true: every site in the US
	IssueArea     string // listed in issue_experience
	Audience      string // listed in audience_experience
	VendorID      string
	AsOf          callmatch.Date // for certification; defaults to today in the store

	Page    int // 1-based
	PerPage int
}

// Validate checks filter codes so that a typo is an error, not an empty list.
func (f *VendorFilter) Validate() error {
	var fe callmatch.FieldErrors
	check := func(field, v string, allowed Codes) {
		if v != "" && !allowed.Has(v) {
			fe.Addf(field, "%q is not allowed; must be %s", v, allowed.Allowed())
		}
	}
	check("language", f.Language, Languages)
	check("service", f.Service, Services)
	// A state filter reads as people write it ("Texas", "nuevo méxico",
	// "tx"), as the consultation form does; a typo is still an error.
	if code, ok := ParseState(f.State); ok {
		f.State = code
	}
	check("state", f.State, States)
	check("serves", f.Serves, Affiliations)
	check("certification", f.Certification, CertificationKinds)
	check("status", f.Status, VendorStatuses)
	check("issue_area", f.IssueArea, IssueAreas)
	check("audience", f.Audience, Audiences)
	callmatch.CheckPage(&fe, &f.Page, &f.PerPage, 500)
	return fe.Err()
}

// VendorUpdate is a partial change: nil fields stay as they are. A zero
// Labor is not a declaration anyone can make (employment is required), so
// it says "withdraw the declaration": the vendor then declares nothing.
type VendorUpdate struct {
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
	Labor                  *Labor           `json:"labor"` // replaces the declaration; a zero Labor withdraws it
	Metrics                *Metrics         `json:"metrics"`

	// IfVersion, when not 0, is the version of the vendor the change was
	// made against (VersionedVendor.Version, as a form was rendered from):
	// the store refuses the change with ErrVendorChanged when the vendor
	// has been written since, so that a form re-posting every section
	// cannot silently revert what someone else saved meanwhile. 0 applies
	// the change to whatever is stored (the API's PATCH, which names only
	// the fields it changes).
	IfVersion int64 `json:"-"`
}

// ErrVendorChanged refuses a change made against a version of the vendor
// that is no longer the stored one (VendorUpdate.IfVersion).
var ErrVendorChanged = &callmatch.Error{Code: callmatch.ECONFLICT,
	Message: "The vendor was changed by someone else since it was read, so nothing was saved; read it again and make the change on what is stored now."}

// Apply writes the set fields of u onto v.
func (u VendorUpdate) Apply(v *Vendor) {
	set(&v.Slug, u.Slug)
	set(&v.Name, u.Name)
	set(&v.Status, u.Status)
	set(&v.Website, u.Website)
	set(&v.Description, u.Description)
	set(&v.Serves, u.Serves)
	set(&v.WorksAgainstIncumbents, u.WorksAgainstIncumbents)
	set(&v.UnionShop, u.UnionShop)
	set(&v.Sites, u.Sites)
	set(&v.Services, u.Services)
	set(&v.DialingModes, u.DialingModes)
	set(&v.Languages, u.Languages)
	set(&v.Capacity, u.Capacity)
	set(&v.Rates, u.Rates)
	set(&v.StateExperience, u.StateExperience)
	set(&v.IssueExperience, u.IssueExperience)
	set(&v.AudienceExperience, u.AudienceExperience)
	if u.Labor != nil {
		v.Labor = nil
		if *u.Labor != (Labor{}) {
			l := *u.Labor
			v.Labor = &l
		}
	}
	set(&v.Metrics, u.Metrics)
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// CertificationDecision is an advisor's verdict on a pending certification.
type CertificationDecision struct {
	Status string `json:"status"` // verified or rejected
	Reason string `json:"reason"` // required when rejected
}

// Validate checks the decision.
func (d CertificationDecision) Validate() error {
	var fe callmatch.FieldErrors
	if d.Status != CertVerified && d.Status != CertRejected {
		fe.Add("status", "must be one of verified, rejected")
	}
	// A reason of spaces says nothing to the vendor it is sent to.
	if d.Status == CertRejected && len(strings.TrimSpace(d.Reason)) < 3 {
		fe.Add("reason", "is required when rejecting: say why")
	}
	if len(d.Reason) > 1000 {
		fe.Add("reason", "must be at most 1000 characters")
	}
	return fe.Err()
}

// ImportReport says what an import did, row by row.
type ImportReport struct {
	Created  int          `json:"created"`
	Updated  int          `json:"updated"`
	Skipped  int          `json:"skipped"`
	Problems []RowProblem `json:"problems"`
}

// RowProblem is one invalid field in one input row (1-based).
type RowProblem struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Store keeps vendors. Every write method runs in one transaction that also
// writes the audit row (actor from the context) and the search outbox row.
type Store interface {
	FindVendorByID(ctx context.Context, id string) (*Vendor, error)
	FindVendors(ctx context.Context, f VendorFilter) ([]*Vendor, int, error)
	// VendorsByID reads the listed vendors in one snapshot; ids that name
	// no vendor are absent from the map.
	VendorsByID(ctx context.Context, ids []string) (map[string]VersionedVendor, error)
	CreateVendor(ctx context.Context, v *Vendor) error
	// UpdateVendor applies u under the vendor's row lock; with
	// u.IfVersion set, only if the vendor is still at that version.
	UpdateVendor(ctx context.Context, id string, u VendorUpdate) (*Vendor, error)
	SetCapacity(ctx context.Context, id string, c Capacity) (*Vendor, error)
	AddCertification(ctx context.Context, vendorID string, c Certification) (*Certification, error)
	DecideCertification(ctx context.Context, certID string, d CertificationDecision) (*Certification, string, error) // returns vendor id
	FindCertificationVendorID(ctx context.Context, certID string) (string, error)
	// UpsertVendors inserts or updates vendors by slug, all in one
	// transaction: either every vendor is written or none is.
	UpsertVendors(ctx context.Context, vs []*Vendor) (created, updated int, err error)
	// Snapshot returns every vendor and a version that changes whenever any
	// vendor does, for the in-memory matching catalog.
	Snapshot(ctx context.Context) (vs []*Vendor, version string, err error)
}
