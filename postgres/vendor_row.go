package postgres

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"

	"callmatch"
	"callmatch/catalog"
)

// vendorRow is the vendors table. Columns that list filters need are
// projections of the vendor, recomputed on every write; doc holds the rest.
type vendorRow struct {
	ID        string `gorm:"primaryKey"`
	Slug      string
	Name      string
	Status    string
	UnionShop bool
	Onshore   bool
	Serves    textArray
	Services  textArray
	Languages textArray // codes with at least one seat
	States    textArray // regions of US sites
	Doc       vendorDoc
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (vendorRow) TableName() string { return "vendors" }

// certificationRow is the certifications table.
type certificationRow struct {
	ID        string `gorm:"primaryKey"`
	Seq       int64  `gorm:"->"` // assigned by the database; read-only here
	VendorID  string
	Kind      string
	Status    string
	IssuedOn  *time.Time
	ExpiresOn time.Time
	Reason    string
	DecidedBy string
	DecidedAt *time.Time
	CreatedAt time.Time
}

func (certificationRow) TableName() string { return "certifications" }

// toVendorRow projects a vendor onto its row. Version and timestamps are
// the writer's business.
func toVendorRow(v *catalog.Vendor) vendorRow {
	r := vendorRow{
		ID: v.ID, Slug: v.Slug, Name: v.Name, Status: v.Status,
		UnionShop: v.UnionShop, Onshore: !v.Offshore(),
		Serves: textArray(v.Serves), Services: textArray(v.Services),
		Languages: textArray{}, States: textArray{},
		Doc: docOf(v),
	}
	for _, l := range v.Languages {
		if l.Seats > 0 {
			r.Languages = append(r.Languages, l.Code)
		}
	}
	for _, s := range v.Sites {
		if s.Country == "US" && !slices.Contains(r.States, s.Region) {
			r.States = append(r.States, s.Region)
		}
	}
	return r
}

// toVendor rebuilds the domain vendor from its row and its certifications.
func (r vendorRow) toVendor(certs []certificationRow) *catalog.Vendor {
	v := &catalog.Vendor{
		ID: r.ID, Slug: r.Slug, Name: r.Name, Status: r.Status,
		Serves: []string(r.Serves), UnionShop: r.UnionShop, Services: []string(r.Services),
	}
	r.Doc.fill(v)
	for _, c := range certs {
		v.Certifications = append(v.Certifications, c.toCertification())
	}
	normalize(v)
	return v
}

func toCertificationRow(vendorID string, c catalog.Certification) certificationRow {
	r := certificationRow{
		ID: c.ID, VendorID: vendorID, Kind: c.Kind, Status: c.Status,
		ExpiresOn: c.ExpiresOn.Time(), Reason: c.Reason,
	}
	if !c.IssuedOn.IsZero() {
		t := c.IssuedOn.Time()
		r.IssuedOn = &t
	}
	return r
}

func (r certificationRow) toCertification() catalog.Certification {
	c := catalog.Certification{
		ID: r.ID, Kind: r.Kind, Status: r.Status,
		ExpiresOn: callmatch.DateOf(r.ExpiresOn), Reason: r.Reason,
	}
	if r.IssuedOn != nil {
		c.IssuedOn = callmatch.DateOf(*r.IssuedOn)
	}
	return c
}

// normalize replaces nil lists with empty ones, so that a vendor reads back
// exactly as it was written and its JSON shows [] rather than null.
func normalize(v *catalog.Vendor) {
	for _, s := range []*[]string{&v.Serves, &v.Services, &v.DialingModes, &v.StateExperience, &v.IssueExperience, &v.AudienceExperience} {
		if *s == nil {
			*s = []string{}
		}
	}
	if v.Sites == nil {
		v.Sites = []catalog.Site{}
	}
	if v.Languages == nil {
		v.Languages = []catalog.LanguageSeats{}
	}
	if v.Rates == nil {
		v.Rates = []catalog.Rate{}
	}
	if v.Certifications == nil {
		v.Certifications = []catalog.Certification{}
	}
	if v.Capacity.Calendar == nil {
		v.Capacity.Calendar = []catalog.Week{}
	}
}

// textArray is a PostgreSQL text[] column.
type textArray []string

var arrayEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func (a textArray) Value() (driver.Value, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		// Quoting every element keeps NULL, commas and braces plain text.
		b.WriteByte('"')
		b.WriteString(arrayEscaper.Replace(s))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String(), nil
}

// Scan parses the text form of a one-dimensional array, which is what
// database/sql hands over for array columns.
func (a *textArray) Scan(src any) error {
	var in string
	switch src := src.(type) {
	case string:
		in = src
	case []byte:
		in = string(src)
	default:
		return fmt.Errorf("text array: cannot scan %T", src)
	}
	if len(in) < 2 || in[0] != '{' || in[len(in)-1] != '}' {
		return fmt.Errorf("text array: malformed %q", in)
	}
	out := []string{}
	body := in[1 : len(in)-1]
	for i := 0; i < len(body); {
		var elem strings.Builder
		if body[i] == '"' {
			for i++; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' && i+1 < len(body) {
					i++
				}
				elem.WriteByte(body[i])
			}
			i++ // closing quote
		} else {
			for ; i < len(body) && body[i] != ','; i++ {
				elem.WriteByte(body[i])
			}
		}
		out = append(out, elem.String())
		i++ // comma
	}
	*a = out
	return nil
}
