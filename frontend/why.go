package frontend

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"callmatch/matching"
)

// reasonLine is one criterion of "why it ranks here" in plain words: how
// the vendor compares with the others on the same list ("3rd cheapest of
// 8"), what the number rests on ("verified over 3 programs") and how much
// the criterion counts. Raw 0–100 scores are not shown: "Cost: 16 out of
// 100" beside "72% of your budget" read as a contradiction, since the
// score only says where the vendor stands among the others.
type reasonLine struct {
	Criterion string // cost, quality, … (the legend's class)
	Name      string // the criterion in the page's language
	Words     string
	Weight    string // "weighs 30%"
}

// whyScope is what each vendor's reasons are compared with: the raw values
// of every vendor on the same list by criterion, and the request's size of
// the experience criterion when the page knows it (0 when not).
type whyScope struct {
	raws     map[string][]float64
	states   int // target states of the request
	services int // requested services
}

// newWhyScope collects the raw values of every vendor shown together.
func newWhyScope(factors [][]matching.Factor, states, services int) whyScope {
	sc := whyScope{raws: map[string][]float64{}, states: states, services: services}
	for _, fs := range factors {
		for _, f := range fs {
			sc.raws[f.Criterion] = append(sc.raws[f.Criterion], f.Raw)
		}
	}
	return sc
}

// place is the vendor's 1-based standing among n on criterion by raw value;
// tied vendors share a place. Cost is better when lower, the rest when
// higher (matching's criterion types).
func (sc whyScope) place(criterion string, raw float64) (place, n int) {
	rs := sc.raws[criterion]
	better := 0
	for _, r := range rs {
		if (criterion == "cost" && r < raw-1e-9) || (criterion != "cost" && r > raw+1e-9) {
			better++
		}
	}
	return better + 1, len(rs)
}

// why explains a vendor's factors in the one fixed criterion order of the
// bars and the legend (chart.go's criteria), whatever each contributed.
// warnings are the vendor's engine warnings (the quality line names the
// track record they state).
func (sc whyScope) why(pg *Page, fs []matching.Factor, warnings []string) []reasonLine {
	out := make([]reasonLine, 0, len(fs))
	for _, c := range criteria {
		for _, f := range fs {
			if f.Criterion != c.Name {
				continue
			}
			out = append(out, reasonLine{Criterion: f.Criterion, Name: pg.T("criterion." + f.Criterion),
				Words: sc.words(pg, f, warnings), Weight: pg.T("why.weighs", pct(f.Weight))})
		}
	}
	return out
}

func (sc whyScope) words(pg *Page, f matching.Factor, warnings []string) string {
	place, n := sc.place(f.Criterion, f.Raw)
	standing := pg.T("why.only")
	if n > 1 {
		kind := "best"
		switch f.Criterion {
		case "cost":
			kind = "cheapest"
		case "capacity":
			kind = "room"
		}
		if place == 1 {
			standing = pg.T("why."+kind+"_first", n)
		} else {
			standing = pg.T("why."+kind+"_rank", ordinal(pg.Lang, place), n)
		}
	}
	var basis string
	switch f.Criterion {
	case "quality":
		basis = qualityBasis(pg, warnings)
	case "experience":
		if f.Detail != "" {
			basis = experienceWords(pg, f.Detail)
		} else if total := sc.states + sc.services; sc.states > 0 {
			// Without messaging goals the raw value is (states worked +
			// services) ÷ (target states + services); every survivor offers
			// every service.
			worked := int(math.Round(f.Raw*float64(total))) - sc.services
			basis = pg.T("why.exp_states", min(max(worked, 0), sc.states), sc.states)
		}
	case "readiness":
		basis = readinessWords(pg, int(math.Round(f.Raw)))
	}
	if basis == "" {
		return standing
	}
	return standing + " · " + basis
}

// qualityBasis says what the quality figures rest on, from the engine's
// track-record or self-reported warning; neither means metrics verified
// by the platform.
func qualityBasis(pg *Page, warnings []string) string {
	for _, w := range warnings {
		if m := trackShape.FindStringSubmatch(w); m != nil {
			return plural(pg, "why.quality_track", mustAtoi(m[1]), m[1], m[2])
		}
		if m := selfShape.FindStringSubmatch(w); m != nil {
			return pg.T("why.quality_self", m[1])
		}
	}
	return pg.T("why.quality_checked")
}

// readinessWords turns the readiness raw value, the days between the end
// of ramp-up and the first calling day (capped), into words.
func readinessWords(pg *Page, days int) string {
	switch {
	case days <= 0:
		return pg.T("why.ready_late")
	case days >= matching.DefaultAssumptions.ReadinessFullSlackDays:
		return pg.T("why.ready_full", days)
	default:
		return plural(pg, "why.ready_days", days, days)
	}
}

// ordinal writes a place: 2nd, 3rd, 11th in English; 2.º in Spanish.
func ordinal(lang string, n int) string {
	s := strconv.Itoa(n)
	if lang == "es" {
		return s + ".º"
	}
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}

// plural picks key+".one" for 1 and key+".other" otherwise.
func plural(pg *Page, key string, n int, args ...any) string {
	if n == 1 {
		return pg.T(key+".one", args...)
	}
	return pg.T(key+".other", args...)
}

// englishPage is an English page for desk fragments rendered without a
// Page at hand (the ranking partial, also rendered alone for htmx). The
// catalogs are embedded and were checked when the app started, so loading
// them again cannot fail here.
var englishPage = sync.OnceValue(func() *Page {
	ms, err := loadMessages()
	if err != nil {
		panic(err)
	}
	return &Page{Lang: "en", msgs: ms["en"]}
})

// Why is a ranked candidate's reasons on the desk, in the same order and
// words as on the campaign's page, compared with the whole ranking.
func (rv *rankingView) Why(c matching.Candidate) []reasonLine {
	fs := make([][]matching.Factor, len(rv.Result.Shortlist))
	for i, o := range rv.Result.Shortlist {
		fs[i] = o.Factors
	}
	return newWhyScope(fs, 0, 0).why(englishPage(), c.Factors, c.Warnings)
}

// joinList joins names with commas and, before the last, the page's word
// for conj (why.and or why.or).
func joinList(pg *Page, names []string, conj string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + pg.T(conj) + " " + names[len(names)-1]
}
