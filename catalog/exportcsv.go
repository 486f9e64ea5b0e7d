package catalog

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteVendorCSV writes vendors in the format of CSVColumns, for sample
// files and exports. Ids are not written: an import matches vendors by slug.
// A value that would change meaning in the format (a ";" in a city, say) is
// an error rather than a file that imports differently.
func WriteVendorCSV(w io.Writer, vs []*Vendor) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for i, v := range vs {
		rec, err := vendorRecord(v)
		if err != nil {
			return fmt.Errorf("vendor %d (%s): %w", i+1, v.Slug, err)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func vendorRecord(v *Vendor) ([]string, error) {
	var ew entryWriter
	for _, l := range v.Languages {
		ew.entry("languages", l.Code, strconv.Itoa(l.Seats))
	}
	languages := ew.cell()
	for _, s := range v.Sites {
		ew.entry("sites", s.Country, s.Region, s.City, s.Timezone, strconv.Itoa(s.Seats))
	}
	sites := ew.cell()
	for _, wk := range v.Capacity.Calendar {
		ew.entry("calendar", wk.WeekStart.String(), strconv.Itoa(wk.SeatsAvailable))
	}
	calendar := ew.cell()
	for _, r := range v.Rates {
		ew.entry("rates", r.Service, r.Model, strconv.FormatInt(r.AmountCents, 10), strconv.FormatInt(r.MinimumCents, 10))
	}
	rates := ew.cell()
	for _, c := range v.Certifications {
		parts := []string{c.Kind, c.Status, c.IssuedOn.String(), c.ExpiresOn.String()}
		if c.Reason != "" {
			parts = append(parts, c.Reason)
		}
		ew.entry("certifications", parts...)
	}
	certs := ew.cell()
	var wage, employment, benefits string // no declaration: three empty cells
	if l := v.Labor; l != nil {
		wage, employment, benefits = strconv.FormatInt(l.AgentWageFloorCents, 10), l.Employment, strconv.FormatBool(l.Benefits)
	}
	rec := []string{v.Slug, v.Name, v.Status, v.Website, v.Description, ew.list("serves", v.Serves),
		strconv.FormatBool(v.WorksAgainstIncumbents), strconv.FormatBool(v.UnionShop),
		ew.list("services", v.Services), ew.list("dialing_modes", v.DialingModes), languages, sites,
		formatFloat(v.Capacity.HoursPerDay), strconv.Itoa(v.Capacity.RampUpDays), calendar, rates, certs,
		ew.list("state_experience", v.StateExperience), ew.list("issue_experience", v.IssueExperience),
		ew.list("audience_experience", v.AudienceExperience), wage, employment, benefits, formatFloat(v.Metrics.ContactRate),
		formatFloat(v.Metrics.QAScore), strconv.FormatBool(v.Metrics.Verified)}
	return rec, ew.err
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// entryWriter joins list cells and remembers the first value the format
// cannot carry.
type entryWriter struct {
	b   strings.Builder
	err error
}

func (ew *entryWriter) entry(col string, parts ...string) {
	if ew.b.Len() > 0 {
		ew.b.WriteByte(';')
	}
	for k, p := range parts {
		// The last part of a certification (the reason) may hold ":".
		last := k == len(parts)-1 && col == "certifications" && k == 4
		if ew.err == nil && (strings.Contains(p, ";") || !last && strings.Contains(p, ":") || p != strings.TrimSpace(p)) {
			ew.err = fmt.Errorf("%s: %q cannot be written to CSV (no \";\", no \":\", no surrounding spaces); export JSON instead", col, p)
		}
		if k > 0 {
			ew.b.WriteByte(':')
		}
		ew.b.WriteString(p)
	}
}

func (ew *entryWriter) cell() string {
	s := ew.b.String()
	ew.b.Reset()
	return s
}

func (ew *entryWriter) list(col string, items []string) string {
	for _, s := range items {
		ew.entry(col, s)
	}
	return ew.cell()
}
