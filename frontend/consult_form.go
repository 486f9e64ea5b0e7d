package frontend

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
)

// consultForm is the consultation form as typed, so that a form with a
// mistake comes back exactly as the person left it.
type consultForm struct {
	CampaignName, SponsorType, Affiliation, OfficeLevel, Race string
	Challenger                                                bool
	ContactName, ContactEmail, ContactPhone                   string
	Services                                                  []string
	States                                                    string
	Records, Attempts, Completes                              string
	StartDate, EndDate                                        string
	Languages                                                 []langRow
	Budget                                                    string
	Union, Domestic, Cards, CellConsent                       bool
	CellPercent                                               string
	Certs                                                     []string
	Message                                                   string
	// Key makes a double-clicked or reloaded submission one intake: the
	// service answers a repeat of the same key with the first intake.
	Key string
}

// langRow is one language and its share of the calls, in percent.
type langRow struct{ Code, Percent string }

// langRows is how many language lines the form offers; four covers every
// program we have seen (English, Spanish and two more).
const langRows = 4

func newConsultForm() *consultForm {
	f := &consultForm{Attempts: "2", Languages: make([]langRow, langRows), Key: newFormKey()}
	f.Languages[0] = langRow{Code: "en", Percent: "100"}
	return f
}

func newFormKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func readConsultForm(v url.Values) *consultForm {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	on := func(k string) bool { return v.Get(k) != "" }
	f := &consultForm{
		CampaignName: get("campaign_name"), SponsorType: get("sponsor_type"), Affiliation: get("affiliation"),
		OfficeLevel: get("office_level"), Race: get("race"), Challenger: on("challenger"),
		ContactName: get("contact_name"), ContactEmail: get("contact_email"), ContactPhone: get("contact_phone"),
		Services: v["services"], States: get("states"), Records: get("records"), Attempts: get("attempts"),
		Completes: get("completes"), StartDate: get("start_date"), EndDate: get("end_date"), Budget: get("budget"),
		Union: on("union"), Domestic: on("domestic"), Cards: on("cards"), CellConsent: on("cell_consent"),
		CellPercent: get("cell_percent"), Certs: v["certs"], Message: v.Get("message"), Key: get("key"),
	}
	codes, pcts := v["lang_code"], v["lang_pct"]
	for i := range langRows {
		var r langRow
		if i < len(codes) {
			r.Code = strings.TrimSpace(codes[i])
		}
		if i < len(pcts) {
			r.Percent = strings.TrimSpace(pcts[i])
		}
		f.Languages = append(f.Languages, r)
	}
	if f.Key == "" || len(f.Key) > 64 {
		f.Key = newFormKey()
	}
	return f
}

// intakeForm turns the typed form into the domain's form with the API's
// form parser, so that both front doors read a form the same way. It
// returns the form and every problem found, keyed by form field.
func (f *consultForm) intakeForm() (intake.Form, map[string]string) {
	v := url.Values{
		"campaign.name": {f.CampaignName}, "campaign.sponsor_type": {f.SponsorType},
		"campaign.affiliation": {f.Affiliation}, "campaign.office_level": {f.OfficeLevel},
		"campaign.race": {f.Race}, "contact.name": {f.ContactName}, "contact.email": {f.ContactEmail},
		"contact.phone": {f.ContactPhone}, "services": f.Services, "target_states": {f.States},
		"records": {f.Records}, "attempts_per_record": {f.Attempts}, "completes_target": {f.Completes},
		"start_date": {f.StartDate}, "end_date": {f.EndDate}, "budget_dollars": {f.Budget},
		"requirements.certifications": f.Certs, "message": {f.Message},
	}
	flags := map[string]bool{"campaign.challenger_in_primary": f.Challenger, "requirements.union_required": f.Union,
		"requirements.domestic_only": f.Domestic, "requirements.takes_card_payments": f.Cards,
		"requirements.cell_consent": f.CellConsent}
	for k, on := range flags {
		if on {
			v.Set(k, "on")
		}
	}
	errs := map[string]string{}
	// rowOf maps the n-th language given to its line on the form, since
	// empty lines are skipped and the domain counts only the others.
	var rowOf []int
	for i, r := range f.Languages {
		if r.Code == "" && r.Percent == "" {
			continue
		}
		pct, err := strconv.ParseFloat(strings.TrimSuffix(r.Percent, "%"), 64)
		if err != nil || pct <= 0 || pct > 100 {
			errs[langField(i, "share")] = ""
			pct = 0
		}
		v.Add("languages", r.Code+":"+strconv.FormatFloat(pct/100, 'f', -1, 64))
		rowOf = append(rowOf, i)
	}
	if f.CellPercent != "" {
		pct, err := strconv.ParseFloat(strings.TrimSuffix(f.CellPercent, "%"), 64)
		if err != nil {
			errs["requirements.cell_share"] = ""
		}
		v.Set("requirements.cell_share", strconv.FormatFloat(pct/100, 'f', -1, 64))
	}
	form, err := intake.ParseValues(v)
	addFieldErrors(errs, err, rowOf)
	// Meaning is checked even when some syntax was wrong, so that the
	// person sees every problem at once rather than one round at a time.
	check := form
	check.Requirements.Certifications = append([]string(nil), form.Requirements.Certifications...)
	check.ApplyDefaults()
	addFieldErrors(errs, check.Validate(), rowOf)
	return form, errs
}

var indexed = regexp.MustCompile(`^([a-z_.]+)\[(\d+)\](?:\.([a-z_]+))?$`)

// addFieldErrors files the domain's field errors under form fields: list
// entries under their list, languages under their line on the form.
func addFieldErrors(errs map[string]string, err error, rowOf []int) {
	e, ok := err.(*callmatch.Error)
	if !ok || e == nil {
		return
	}
	for k, msg := range e.Fields {
		key := k
		if m := indexed.FindStringSubmatch(k); m != nil {
			key = m[1]
			if m[1] == "languages" {
				n, _ := strconv.Atoi(m[2])
				part := m[3]
				if part == "" {
					part = "code"
				}
				if n < len(rowOf) {
					key = langField(rowOf[n], part)
				}
			}
		}
		switch key {
		case "budget_cents", "budget_dollars":
			key = "budget"
		case "attempts_per_record":
			key = "attempts"
		case "completes_target":
			key = "completes"
		case "target_states":
			key = "states"
		}
		if _, seen := errs[key]; !seen || errs[key] == "" {
			errs[key] = msg
		}
	}
}

func langField(row int, part string) string {
	return "languages." + strconv.Itoa(row) + "." + part
}

// errorKey is the catalog key that explains a field's problem to people;
// language lines share their messages.
func errorKey(field string) string {
	if strings.HasPrefix(field, "languages.") {
		return "err.languages." + field[strings.LastIndexByte(field, '.')+1:]
	}
	return "err." + field
}

// Options the form's selects and check boxes offer, in the order shown.
var (
	formSponsorTypes = catalog.SponsorTypes
	formAffiliations = catalog.Affiliations
	formOfficeLevels = intake.OfficeLevels
	formServices     = catalog.Services
	formCerts        = catalog.CertificationKinds
	// formLanguages are the languages campaigns ask for most, first.
	formLanguages = []string{"en", "es", "zh", "vi", "ko", "tl", "ar", "ht", "ru", "pt", "fr", "hi", "ja", "pl", "so", "am", "bn", "ur", "pa", "fa", "hy", "km", "lo", "th", "uk", "el", "de", "it"}
)
