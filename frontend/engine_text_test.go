package frontend

import (
	"strings"
	"testing"

	"callmatch/demo"
	"callmatch/matching"
)

func spanishPage(t *testing.T) *Page {
	t.Helper()
	ms, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	return &Page{Lang: "es", msgs: ms["es"]}
}

// Every warning the engine writes for the demo's intakes over the demo
// catalog, with track records for some vendors, is one this package
// knows how to say in Spanish: a sentence of a new shape fails here
// rather than reaching a Spanish page in English.
func TestEngineWarningsAreTranslated(t *testing.T) {
	es := spanishPage(t)
	vs := demo.Vendors(320)
	tracks := make([]matching.TrackRecord, 0, 40)
	for i, v := range vs[:40] {
		tracks = append(tracks, matching.TrackRecord{VendorID: v.ID, Programs: 1 + i%3, Dials: 40_000 * int64(1+i%3), Contacts: 4_000, Scorecards: i % 2, QASum: 0.8 * float64(i%2)})
	}
	cat := matching.NewCatalog(vs, "test").WithTrackRecords(tracks)
	seen := map[string]bool{}
	for _, form := range demo.Intakes() {
		req := form.MatchRequest()
		res, err := matching.Match(cat, req, matching.Options{AsOf: req.StartDate.AddDays(-60), Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Shortlist {
			for _, w := range c.Warnings {
				if got := warningText(es, w); got == w || strings.Contains(got, "%!") {
					t.Errorf("untranslated warning %q → %q", w, got)
				}
				seen[w[:min(len(w), 12)]] = true
			}
			for _, f := range c.Factors {
				if f.Detail != "" {
					if got := experienceWords(es, f.Detail); got == f.Detail || strings.Contains(got, "has worked") {
						t.Errorf("untranslated experience %q → %q", f.Detail, got)
					}
				}
			}
		}
	}
	if len(seen) < 3 {
		t.Fatalf("the demo produced only %d kinds of warning: the test checks too little", len(seen))
	}
}

// Each sentence shape the engine writes has its words in both languages,
// with dates, services and certifications named in Spanish.
func TestWarningShapes(t *testing.T) {
	es := spanishPage(t)
	for in, want := range map[string]string{
		"ramp-up ends 2027-09-25, 5 days after start_date; 37 of 42 calling days remain":                                  "el 25 sept 2027, 5 días después",
		"the program needs 92% of its bookable seats in the tightest week or language":                                    "necesita el 92% de los puestos",
		"the program is under 2% of its seats; a small client may get less attention":                                     "menos del 2% de los puestos",
		"projected cost $160,000 exceeds the budget of $150,000":                                                          "El costo previsto de $160,000 supera su presupuesto de $150,000.",
		"minimum order of $1,000 for gotv applies":                                                                        "pedido mínimo de $1,000 para Movilización del voto (GOTV)",
		"certification soc2_type2 expires 2027-12-01, 30 days after the campaign ends":                                    "Su certificación SOC 2 Tipo II vence el 1 dic 2027",
		"week of 2027-10-04: 40 seats tentatively held by open quotes for other programs; 80 free after them, needs 95.5": "Semana del 4 oct 2027: 40 puestos",
		"metrics verified over 1 program, 12,000 dials; quality counted at 62%":                                           "Cifras verificadas en 1 programa realizado (12,000 marcaciones); la calidad cuenta al 62%.",
		"metrics verified over 3 programs, 150,000 dials; quality counted at 100%":                                        "en 3 programas realizados",
		"metrics are self-reported; quality counted at 50%":                                                               "la calidad cuenta al 50%",
		"no experience listed in any target state":                                                                        "No declara experiencia",
		"prerecorded political calls are banned in TX, FL: call those records live or leave them out":                     "prohibidas en TX, FL",
		"MA, NJ require a live operator before a recorded message: confirm the script":                                    "MA, NJ exigen un operador en vivo",
	} {
		if got := warningText(es, in); !strings.Contains(got, want) {
			t.Errorf("%q\n→ %q\nwant it to hold %q", in, got, want)
		}
	}
	if got := warningText(es, "a sentence of a shape nobody knows"); got != "a sentence of a shape nobody knows" {
		t.Errorf("an unknown sentence became %q", got)
	}
}
