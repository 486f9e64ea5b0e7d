package frontend

import (
	"regexp"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

// The engine (package matching, pure and language-free) words its
// warnings and the experience detail in English, the contract of the API
// and stored shortlists. Campaign pages speak Spanish too, so each known
// sentence shape is recognised here and said again from the catalog
// (i18n/engine.*.json) with its figures: dates in the page's words,
// services and certifications by their translated names. A sentence of an
// unknown shape is shown as the engine wrote it, never dropped;
// TestEngineWarningsAreTranslated runs the engine to catch a new shape.

// warningShape is one engine sentence: its pattern and how each captured
// figure is shown (arg kinds: "" as is, "date", "service", "cert").
type warningShape struct {
	key  string
	re   *regexp.Regexp
	args []string
}

var (
	trackShape = regexp.MustCompile(`^metrics verified over (\d+) programs?, ([\d,]+) dials; quality counted at (\d+)%$`)
	selfShape  = regexp.MustCompile(`^metrics are self-reported; quality counted at (\d+)%$`)
)

var warningShapes = []warningShape{
	{"warn.ramp_up", regexp.MustCompile(`^ramp-up ends (\d{4}-\d\d-\d\d), (\d+) days after start_date; (\d+) of (\d+) calling days remain$`), []string{"date", "", "", ""}},
	{"warn.tight", regexp.MustCompile(`^the program needs (\d+)% of its bookable seats in the tightest week or language$`), []string{""}},
	{"warn.small", regexp.MustCompile(`^the program is under (\d+)% of its seats; a small client may get less attention$`), []string{""}},
	{"warn.over_budget", regexp.MustCompile(`^projected cost (\$[\d,.]+) exceeds the budget of (\$[\d,.]+)$`), []string{"", ""}},
	{"warn.minimum", regexp.MustCompile(`^minimum order of (\$[\d,.]+) for ([a-z0-9_]+) applies$`), []string{"", "service"}},
	{"warn.cert_expires", regexp.MustCompile(`^certification ([a-z0-9_]+) expires (\d{4}-\d\d-\d\d), (\d+) days after the campaign ends$`), []string{"cert", "date", ""}},
	{"warn.held", regexp.MustCompile(`^week of (\d{4}-\d\d-\d\d): ([\d.]+) seats tentatively held by open quotes for other programs; ([\d.]+) free after them, needs ([\d.]+)$`), []string{"date", "", "", ""}},
	{"warn.track", trackShape, []string{"", "", ""}},
	{"warn.self_reported", selfShape, []string{""}},
	{"warn.no_state_experience", regexp.MustCompile(`^no experience listed in any target state$`), nil},
	{"warn.prerecorded_banned", regexp.MustCompile(`^prerecorded political calls are banned in (.+): call those records live or leave them out$`), []string{""}},
	{"warn.live_first", regexp.MustCompile(`^(.+) require a live operator before a recorded message: confirm the script$`), []string{""}},
}

// warningText is an engine warning in the page's language.
func warningText(pg *Page, w string) string {
	for _, s := range warningShapes {
		m := s.re.FindStringSubmatch(w)
		if m == nil {
			continue
		}
		args := make([]any, len(s.args))
		for i, kind := range s.args {
			args[i] = shownArg(pg, kind, m[i+1])
		}
		key := s.key
		if s.key == "warn.track" && m[1] == "1" {
			key += ".one"
		} else if s.key == "warn.track" {
			key += ".other"
		}
		return pg.T(key, args...)
	}
	return w
}

// warningTexts translates a vendor's warnings.
func warningTexts(pg *Page, ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = warningText(pg, w)
	}
	return out
}

func shownArg(pg *Page, kind, s string) string {
	switch kind {
	case "date":
		if d, err := callmatch.ParseDate(s); err == nil {
			return pg.Date(d)
		}
	case "service":
		return pg.Service(s)
	case "cert":
		return pg.T("cert." + s)
	}
	return s
}

// goalCodes maps the engine's words for messaging goals back to their
// codes, to name them in the page's language.
var goalCodes = func() map[string]string {
	m := map[string]string{}
	for _, codes := range []catalog.Codes{catalog.IssueAreas, catalog.Audiences} {
		for _, c := range codes {
			m[matching.GoalWords(c)] = c
		}
	}
	return m
}()

// experienceWords says the engine's experience detail ("has worked in TX,
// on healthcare and with seniors; lists no work in AZ or with young
// voters") in the page's language: the target states, issue areas and
// audiences the vendor has worked, then those it lists nothing for.
func experienceWords(pg *Page, detail string) string {
	var parts []string
	for _, part := range strings.Split(detail, "; ") {
		key, rest := "", ""
		switch {
		case strings.HasPrefix(part, "has worked "):
			key, rest = "why.exp_did", strings.TrimPrefix(part, "has worked ")
		case strings.HasPrefix(part, "lists no work "):
			key, rest = "why.exp_not", strings.TrimPrefix(part, "lists no work ")
		default:
			return detail // a shape this page does not know: the engine's words
		}
		var names []string
		for _, item := range splitWords(rest) {
			for _, prep := range []string{"in ", "on ", "with "} {
				item = strings.TrimPrefix(item, prep)
			}
			if c, ok := goalCodes[item]; ok {
				item = pg.Goal(c)
			}
			names = append(names, item)
		}
		conj := "why.and"
		if key == "why.exp_not" {
			conj = "why.or"
		}
		parts = append(parts, pg.T(key, joinList(pg, names, conj)))
	}
	return strings.Join(parts, "; ")
}

// splitWords splits "in TX and AZ, on healthcare or with seniors" into its
// items; no state code or goal word holds ", ", " and " or " or ".
func splitWords(s string) []string {
	s = strings.NewReplacer(", ", "|", " and ", "|", " or ", "|").Replace(s)
	return strings.Split(s, "|")
}

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s) // s matched \d+
	return n
}
