package frontend

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"callmatch/catalog"
	"callmatch/intake"
)

// consultForm is the consultation form as typed: the posted values, under
// the API's field names, which intake.ParseValues reads. A form with a
// mistake comes back exactly as the person left it.
type consultForm struct {
	v url.Values
	// Key makes a double-clicked or reloaded submission one intake: the
	// service answers a repeat of the same key with the first intake.
	Key string
}

// langRows is how many language lines the form offers; four covers every
// program we have seen (English, Spanish and two more).
const langRows = 4

func newConsultForm() *consultForm {
	return &consultForm{Key: newFormKey(), v: url.Values{
		"attempts_per_record": {"2"}, langField(0, "code"): {"en"}, langField(0, "percent"): {"100"},
	}}
}

func newFormKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func readConsultForm(v url.Values) *consultForm {
	f := &consultForm{v: v, Key: strings.TrimSpace(v.Get("key"))}
	if f.Key == "" || len(f.Key) > 64 {
		f.Key = newFormKey()
	}
	return f
}

// Value is what was typed into the field.
func (f *consultForm) Value(field string) string { return f.v.Get(field) }

// Checked reports whether a check box is ticked: one of a list's values
// (services=gotv), or a box on its own.
func (f *consultForm) Checked(field string, value ...string) bool {
	if len(value) > 0 {
		return slices.Contains(f.v[field], value[0])
	}
	return f.v.Get(field) != ""
}

// Lines are the language lines' numbers.
func (f *consultForm) Lines() []int {
	lines := make([]int, langRows)
	for i := range lines {
		lines[i] = i
	}
	return lines
}

// langField names a part (code, percent) of a language line.
func langField(line int, part string) string {
	return "languages[" + strconv.Itoa(line) + "]." + part
}

// errorKey is the catalog key that explains a field's problem to people;
// language lines share their messages.
func errorKey(field string) string {
	if strings.HasPrefix(field, "languages[") {
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
	formIssueAreas   = catalog.IssueAreas
	formAudiences    = catalog.Audiences
	// formLanguages are the languages campaigns ask for most, first.
	formLanguages = []string{"en", "es", "zh", "vi", "ko", "tl", "ar", "ht", "ru", "pt", "fr", "hi", "ja", "pl", "so", "am", "bn", "ur", "pa", "fa", "hy", "km", "lo", "th", "uk", "el", "de", "it"}
)

// Goal names a messaging-goal code (an issue area or an audience; the two
// lists share no code) in the page's language.
func (pg *Page) Goal(code string) string { return pg.T("goal." + code) }
