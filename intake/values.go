package intake

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"callmatch"
	"callmatch/matching"
)

// ParseValues reads a form-encoded consultation form. Field names
// follow the JSON paths (campaign.name, requirements.union_required, …);
// lists repeat their field (services=gotv&services=polling) and languages
// are code:share pairs (languages=en:0.7). Money may be given in dollars
// as budget_dollars. Syntax errors come back as field errors; meaning is
// checked later by Form.Validate.
func ParseValues(v url.Values) (Form, error) {
	var fe callmatch.FieldErrors
	// Browsers send UTF-8; other bytes in free text would be changed
	// silently when the form is stored as JSON, so they are refused here.
	// (Codes are checked against their lists by Validate.)
	for _, key := range freeText {
		if !utf8.ValidString(v.Get(key)) {
			fe.Add(key, "must be text in UTF-8")
		}
	}
	f := Form{
		Campaign: Campaign{
			Name: v.Get("campaign.name"), SponsorType: v.Get("campaign.sponsor_type"),
			Affiliation: v.Get("campaign.affiliation"), OfficeLevel: v.Get("campaign.office_level"),
			Race: v.Get("campaign.race"), ChallengerInPrimary: formBool(v, "campaign.challenger_in_primary"),
		},
		Contact:      Contact{Name: v.Get("contact.name"), Email: strings.TrimSpace(v.Get("contact.email")), Phone: v.Get("contact.phone")},
		Services:     formList(v, "services"),
		TargetStates: upper(formList(v, "target_states")),
		Message:      v.Get("message"),
		Requirements: matching.Requirements{
			UnionRequired: formBool(v, "requirements.union_required"), DomesticOnly: formBool(v, "requirements.domestic_only"),
			TakesCardPayments: formBool(v, "requirements.takes_card_payments"), CellConsent: formBool(v, "requirements.cell_consent"),
			Certifications: formList(v, "requirements.certifications"),
		},
	}
	f.Records = formInt(v, "records", &fe)
	f.AttemptsPerRecord = formInt(v, "attempts_per_record", &fe)
	f.CompletesTarget = formInt(v, "completes_target", &fe)
	f.BudgetCents = formInt(v, "budget_cents", &fe)
	if d := v.Get("budget_dollars"); d != "" {
		dollars, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimPrefix(d, "$"), ",", ""), 64)
		if err != nil || dollars < 0 {
			fe.Add("budget_dollars", "must be an amount in dollars, like 150000")
		}
		f.BudgetCents = int64(dollars*100 + 0.5)
	}
	if share := v.Get("requirements.cell_share"); share != "" {
		x, err := strconv.ParseFloat(share, 64)
		if err != nil {
			fe.Add("requirements.cell_share", "must be a number between 0 and 1")
		}
		f.Requirements.CellShare = x
	}
	for _, name := range []string{"start_date", "end_date"} {
		var d callmatch.Date
		if err := d.UnmarshalText([]byte(v.Get(name))); err != nil {
			fe.Add(name, "must be a date YYYY-MM-DD")
		}
		if name == "start_date" {
			f.StartDate = d
		} else {
			f.EndDate = d
		}
	}
	for i, pair := range formList(v, "languages") {
		code, share, ok := strings.Cut(pair, ":")
		x, err := strconv.ParseFloat(share, 64)
		if !ok || err != nil {
			fe.Add(fmt.Sprintf("languages[%d]", i), "must be code:share, like es:0.3")
			continue
		}
		f.Languages = append(f.Languages, matching.LanguageShare{Code: strings.ToLower(strings.TrimSpace(code)), Share: x})
	}
	return f, fe.Err()
}

// freeText are the form's fields of free text.
var freeText = []string{"campaign.name", "campaign.race", "contact.name", "contact.email", "contact.phone", "message"}

// formList reads a repeated field, also splitting comma-separated values.
func formList(v url.Values, name string) []string {
	var out []string
	for _, s := range v[name] {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func upper(ss []string) []string {
	for i := range ss {
		ss[i] = strings.ToUpper(ss[i])
	}
	return ss
}

// formBool reads a checkbox: present and not "false"/"off"/"0" is true.
func formBool(v url.Values, name string) bool {
	s := strings.ToLower(v.Get(name))
	return s != "" && s != "false" && s != "off" && s != "0" && s != "no"
}

func formInt(v url.Values, name string, fe *callmatch.FieldErrors) int64 {
	s := strings.ReplaceAll(strings.TrimSpace(v.Get(name)), ",", "")
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		fe.Add(name, "must be a whole number")
	}
	return n
}
