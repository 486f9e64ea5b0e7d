package intake

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"callmatch"
	"callmatch/matching"
)

// ParseValues reads and checks a form-encoded consultation form, from the
// API (application/x-www-form-urlencoded) or the HTML page alike. Field
// names follow the JSON paths (campaign.name, requirements.union_required,
// …); lists repeat their field or separate values with commas
// (services=gotv&services=polling, target_states=TX,AZ; states also by
// name, target_states=Texas,Arizona). Besides the JSON
// fields it takes what people type into a page:
//
//   - languages as lines, languages[0].code=en&languages[0].percent=70
//     (lines left empty are skipped), or as code:share pairs,
//     languages=en:0.7;
//   - budget_dollars ("$150,000", "150000.50") instead of budget_cents;
//   - requirements.cell_percent (40) instead of requirements.cell_share;
//   - requirements.min_agent_wage_dollars, dollars an hour ("18.50"),
//     instead of requirements.min_agent_wage_cents.
//
// Every problem, of syntax or of meaning (Form.Validate after defaults), is
// a field error keyed by the name the value came under, so a page can show
// it at its input. The form is returned without defaults applied.
func ParseValues(v url.Values) (Form, error) { return parseValues(v, 0) }

// ParseNewValues is ParseValues for a request submitted on today: besides
// every other problem, calling days in the past are refused
// (Form.ValidateNew), so that the page shows all problems at once.
func ParseNewValues(v url.Values, today callmatch.Date) (Form, error) { return parseValues(v, today) }

// parseValues checks the form with ValidateNew as of today unless today
// is zero.
func parseValues(v url.Values, today callmatch.Date) (Form, error) {
	p := valuesParser{v: v, names: map[string]string{}}
	// Browsers send UTF-8; other bytes in free text would be changed
	// silently when the form is stored as JSON, so they are refused here.
	// (Codes are checked against their lists by Validate.)
	for _, key := range freeText {
		if !utf8.ValidString(v.Get(key)) {
			p.fe.Add(key, "must be text in UTF-8")
		}
	}
	f := Form{
		Campaign: Campaign{
			Name: p.text("campaign.name"), SponsorType: p.text("campaign.sponsor_type"),
			Affiliation: p.text("campaign.affiliation"), OfficeLevel: p.text("campaign.office_level"),
			Race: p.text("campaign.race"), ChallengerInPrimary: p.bool("campaign.challenger_in_primary"),
			ShareName: p.bool("campaign.share_name_with_vendors"),
		},
		Contact:           Contact{Name: p.text("contact.name"), Email: p.text("contact.email"), Phone: p.text("contact.phone")},
		Services:          p.list("services"),
		TargetStates:      stateCodes(p.list("target_states")),
		Records:           p.int("records"),
		AttemptsPerRecord: p.int("attempts_per_record"),
		CompletesTarget:   p.int("completes_target"),
		StartDate:         p.date("start_date"),
		EndDate:           p.date("end_date"),
		BudgetCents:       p.int("budget_cents"),
		Message:           v.Get("message"),
		IssueAreas:        p.list("issue_areas"),
		Audiences:         p.list("audiences"),
		Requirements: matching.Requirements{
			UnionRequired: p.bool("requirements.union_required"), DomesticOnly: p.bool("requirements.domestic_only"),
			TakesCardPayments: p.bool("requirements.takes_card_payments"), CellConsent: p.bool("requirements.cell_consent"),
			CellShare: p.float("requirements.cell_share"), Certifications: p.list("requirements.certifications"),
			MinAgentWageCents: p.int("requirements.min_agent_wage_cents"),
		},
	}
	if d := p.text("budget_dollars"); d != "" {
		p.names["budget_cents"] = "budget_dollars"
		cents, ok := callmatch.ParseDollars(d)
		if !ok {
			p.fe.Add("budget_dollars", "must be an amount in dollars, like 150,000")
		}
		f.BudgetCents = cents
	}
	if d := p.text("requirements.min_agent_wage_dollars"); d != "" {
		p.names["requirements.min_agent_wage_cents"] = "requirements.min_agent_wage_dollars"
		cents, ok := callmatch.ParseDollars(d)
		if !ok {
			p.fe.Add("requirements.min_agent_wage_dollars", "must be an hourly wage in dollars, like 18.50")
		}
		f.Requirements.MinAgentWageCents = cents
	}
	if pct := p.text("requirements.cell_percent"); pct != "" {
		p.names["requirements.cell_share"] = "requirements.cell_percent"
		x, ok := parsePercent(pct)
		if !ok || x > 1 {
			p.fe.Add("requirements.cell_percent", "must be a percentage from 0 to 100")
		}
		f.Requirements.CellShare = x
	}
	f.Languages = p.languages()

	// Meaning is checked even when some syntax was wrong, so that the
	// person sees every problem at once; a field's syntax error, found
	// first, is the one kept.
	check := f
	check.Requirements.Certifications = slices.Clone(f.Requirements.Certifications)
	check.ApplyDefaults()
	validate := check.Validate
	if today != 0 {
		validate = func() error { return check.ValidateNew(today) }
	}
	var invalid *callmatch.Error
	if errors.As(validate(), &invalid) {
		// In field order, so that of two problems filed under one input
		// (two entries of a list) the same one is shown every time.
		for _, field := range slices.Sorted(maps.Keys(invalid.Fields)) {
			p.fe.Add(p.inputName(field), invalid.Fields[field])
		}
	}
	return f, p.fe.Err()
}

// freeText are the form's fields of free text.
var freeText = []string{"campaign.name", "campaign.race", "contact.name", "contact.email", "contact.phone", "message"}

// listFields are given as one input (repeated, or comma-separated), so an
// error about one entry is filed under the input.
var listFields = []string{"services", "target_states", "requirements.certifications", "issue_areas", "audiences"}

// valuesParser reads one form, collecting syntax errors and remembering
// under which input each domain field was given.
type valuesParser struct {
	v     url.Values
	fe    callmatch.FieldErrors
	names map[string]string // domain field → input name, where they differ
}

// inputName is the input a domain field error belongs to.
func (p *valuesParser) inputName(field string) string {
	if name, ok := p.names[field]; ok {
		return name
	}
	if m := indexedField.FindStringSubmatch(field); m != nil && slices.Contains(listFields, m[1]) {
		return m[1]
	}
	return field
}

var indexedField = regexp.MustCompile(`^([a-z_.]+)\[\d+\]$`)

func (p *valuesParser) text(name string) string { return strings.TrimSpace(p.v.Get(name)) }

// list reads a repeated field, also splitting comma-separated values.
func (p *valuesParser) list(name string) []string {
	var out []string
	for _, s := range p.v[name] {
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// bool reads a checkbox: present and not "false"/"off"/"0"/"no" is true.
func (p *valuesParser) bool(name string) bool {
	s := strings.ToLower(p.text(name))
	return s != "" && s != "false" && s != "off" && s != "0" && s != "no"
}

// int reads a whole number, allowing thousands separators ("20,000").
func (p *valuesParser) int(name string) int64 {
	s := strings.ReplaceAll(p.text(name), ",", "")
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		p.fe.Add(name, "must be a whole number")
	}
	return n
}

func (p *valuesParser) float(name string) float64 {
	s := p.text(name)
	if s == "" {
		return 0
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.fe.Add(name, "must be a number")
	}
	return x
}

func (p *valuesParser) date(name string) callmatch.Date {
	var d callmatch.Date
	if err := d.UnmarshalText([]byte(p.text(name))); err != nil {
		p.fe.Add(name, "must be a date YYYY-MM-DD")
	}
	return d
}

// maxLanguageLines bounds the lines a form may send; no program has more
// languages than this.
const maxLanguageLines = 50

var languageLine = regexp.MustCompile(`^languages\[(\d{1,6})\]\.(code|percent)$`)

// languages reads the code:share pairs, then the lines in order of their
// number, skipping lines left empty.
func (p *valuesParser) languages() []matching.LanguageShare {
	var out []matching.LanguageShare
	for i, pair := range p.list("languages") {
		name := fmt.Sprintf("languages[%d]", i)
		code, share, ok := strings.Cut(pair, ":")
		x, err := strconv.ParseFloat(strings.TrimSpace(share), 64)
		if !ok || err != nil {
			p.fe.Add(name, "must be code:share, like es:0.3")
			continue
		}
		p.names[fmt.Sprintf("languages[%d].code", len(out))] = name
		p.names[fmt.Sprintf("languages[%d].share", len(out))] = name
		out = append(out, matching.LanguageShare{Code: strings.ToLower(strings.TrimSpace(code)), Share: x})
	}
	var lines []int
	for key := range p.v {
		if m := languageLine.FindStringSubmatch(key); m != nil {
			n, _ := strconv.Atoi(m[1])
			if !slices.Contains(lines, n) {
				lines = append(lines, n)
			}
		}
	}
	if len(lines) > maxLanguageLines {
		p.fe.Addf("languages", "give at most %d language lines", maxLanguageLines)
		return out
	}
	slices.Sort(lines)
	for _, n := range lines {
		codeName, pctName := fmt.Sprintf("languages[%d].code", n), fmt.Sprintf("languages[%d].percent", n)
		code, pct := strings.ToLower(p.text(codeName)), p.text(pctName)
		if code == "" && pct == "" {
			continue
		}
		share, ok := parsePercent(pct)
		if !ok || share <= 0 || share > 1 {
			p.fe.Add(pctName, "must be a percentage more than 0 and at most 100")
		}
		p.names[fmt.Sprintf("languages[%d].code", len(out))] = codeName
		p.names[fmt.Sprintf("languages[%d].share", len(out))] = pctName
		out = append(out, matching.LanguageShare{Code: code, Share: share})
	}
	return out
}

// parsePercent reads "40" or "40%" as 0.4.
func parsePercent(s string) (float64, bool) {
	x, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%")), 64)
	if err != nil || !(x >= 0) {
		return 0, false
	}
	return x / 100, true
}
