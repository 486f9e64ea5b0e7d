package frontend_test

import (
	"bytes"
	"compress/zlib"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/catalog"
)

// sharedIntake submits the test form, shares a ranking of it with
// Budget Dialers dropped, and returns the intake and its link token.
func (f *fixture) sharedIntake() (id, token string) {
	f.t.Helper()
	id, token = f.newIntake()
	f.shareShortlist(id, url.Values{"cost": {"30"}, "quality": {"25"}, "capacity": {"20"}, "experience": {"15"},
		"readiness": {"10"}, "method": {"saw"}, "limit": {"10"}})
	return id, token
}

var (
	whyList   = regexp.MustCompile(`(?s)<ul class="reasons why">(.*?)</ul>`)
	criterion = regexp.MustCompile(`data-criterion="([a-z]+)"`)
)

// "Why it ranks here" lists the criteria in one fixed order for every
// vendor, says where each vendor stands among the others in words rather
// than as a 0–100 score, and speaks Spanish on a Spanish page, warnings
// included.
func TestWhyItRanksHereInOrderAndWords(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.sharedIntake()
	for lang, want := range map[string][]string{
		"en": {"the cheapest of 4", "2nd cheapest of 4", "figures checked by Callmatch", "has called in 1 of your 1 states",
			"ready 30 days or more before your first calling day", "Your program is under"},
		"es": {"el más económico de 4", "el 2.º más económico de 4", "cifras comprobadas por Callmatch", "ha llamado en 1 de sus 1 estados",
			"Su programa ocupa menos del"},
	} {
		page := f.do("", http.MethodGet, "/status/"+id+"?lang="+lang+"&token="+url.QueryEscape(token), nil).Body.String()
		lists := whyList.FindAllStringSubmatch(page, -1)
		if len(lists) != 4 {
			t.Fatalf("%s: %d reason lists, want 4\n%s", lang, len(lists), page)
		}
		for _, l := range lists {
			var order []string
			for _, m := range criterion.FindAllStringSubmatch(l[1], -1) {
				order = append(order, m[1])
			}
			if strings.Join(order, ",") != "cost,quality,capacity,experience,readiness" {
				t.Errorf("%s: criteria in order %v", lang, order)
			}
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the status page lacks %q", lang, w)
			}
		}
		// The old 0–100 scores, and the engine's own English sentences.
		leaks := map[string][]string{"en": {"out of 100", "the program is under"},
			"es": {"de 100,", "the program is under", "small client", "cheapest", "weighs"}}[lang]
		for _, leak := range leaks {
			if strings.Contains(page, leak) {
				t.Errorf("%s: the status page still says %q", lang, leak)
			}
		}
	}
	desk := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	if !strings.Contains(desk, "<summary>Why it ranks here</summary>") || !strings.Contains(desk, "the cheapest of 4") {
		t.Error("the desk's ranking does not explain the places in the same words")
	}
}

// A vendor card opens from the shared list with the vendor's public
// profile, certifications with their dates and state (an expired one says
// so), and only for vendors on that list behind that link.
func TestVendorCardFromSharedShortlist(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	middle, red := f.byName["Middle Call Co"], f.byName["Red State Dialing"]
	today := callmatch.DateOf(time.Now())
	for _, c := range []catalog.Certification{
		{Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: today.AddDays(-400), ExpiresOn: today.AddDays(-20)},
		{Kind: "pci_dss", Status: catalog.CertVerified, IssuedOn: today.AddDays(-30), ExpiresOn: today.AddDays(700)},
		{Kind: "tcpa_audit", Status: catalog.CertRejected, IssuedOn: today.AddDays(-30), ExpiresOn: today.AddDays(300), Reason: "Forged stamp"},
	} {
		if _, err := f.vendors.AddCertification(f.advisorCtx(), middle.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	id, token := f.sharedIntake()
	card := func(intakeID, tok, vendorID, lang string) (int, string) {
		rec := f.do("", http.MethodGet, "/status/"+intakeID+"/vendors/"+vendorID+"?lang="+lang+"&token="+url.QueryEscape(tok), nil)
		return rec.Code, rec.Body.String()
	}
	code, body := card(id, token, middle.ID, "en")
	if code != http.StatusOK {
		t.Fatalf("card: %d\n%s", code, body)
	}
	for _, w := range []string{`<h1 id="card-name">Middle Call Co</h1>`, "Austin, TX, US", "America/Chicago", "English (120 seats), Spanish (40 seats)",
		"SOC 2 Type II", "Expired on " + englishDate(today.AddDays(-20)), "Verified by Callmatch", "No program delivered on Callmatch yet",
		`<ul class="reasons why">`, `href="/status/` + id + `?token=`} {
		if !strings.Contains(body, w) {
			t.Errorf("the card lacks %q", w)
		}
	}
	if strings.Contains(body, "Forged stamp") || strings.Contains(body, "tcpa_audit") {
		t.Error("the card shows a rejected certification or its reason")
	}
	// The card never calls the same figures the vendor's own and checked.
	checked := strings.Contains(body, "(figures checked by Callmatch)")
	if own := strings.Contains(body, "the figures below are the vendor&#39;s own."); checked == own {
		t.Errorf("the track-record text and the figures disagree on who checked them (checked %v, own %v)", checked, own)
	}
	if _, es := card(id, token, middle.ID, "es"); !strings.Contains(es, "Venció el") || !strings.Contains(es, "Centros de llamadas") {
		t.Error("the Spanish card is not in Spanish")
	}
	other, otherToken := f.sharedIntakeWithKey("other-form-key")
	for name, tc := range map[string][3]string{
		"excluded vendor":         {id, token, red.ID},
		"unknown vendor":          {id, token, "00000000-0000-4000-8000-000000000000"},
		"wrong token":             {id, token + "x", middle.ID},
		"another intake's token":  {id, otherToken, middle.ID},
		"another intake, no link": {other, "", middle.ID},
	} {
		if code, body := card(tc[0], tc[1], tc[2], "en"); code != http.StatusNotFound || strings.Contains(body, "Austin, TX") {
			t.Errorf("%s: %d, want 404 without the profile", name, code)
		}
	}
}

// sharedIntakeWithKey is sharedIntake for a second form in the same test.
func (f *fixture) sharedIntakeWithKey(key string) (string, string) {
	f.t.Helper()
	form := submitForm()
	form.Set("key", key)
	rec := f.do("", http.MethodPost, "/consult", form)
	link := strings.ReplaceAll(between(rec.Body.String(), `id="status-link" href="`, `"`), "&amp;", "&")
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/status/") {
		f.t.Fatalf("submit: %d %q", rec.Code, link)
	}
	id := strings.TrimPrefix(u.Path, "/status/")
	f.shareShortlist(id, url.Values{"cost": {"50"}, "quality": {"50"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}})
	return id, u.Query().Get("token")
}

func englishDate(d callmatch.Date) string { return d.Time().Format("Jan 2, 2006") }

// Two to four vendors compare side by side, in the list's order; another
// count is refused with the field's problem in the page's language.
func TestCompareShortlistedVendors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.sharedIntake()
	budget, premium := f.byName["Budget Dialers"].ID, f.byName["Premium Phones"].ID
	compare := func(lang string, ids ...string) (int, string) {
		q := url.Values{"token": {token}, "lang": {lang}, "v": ids}
		rec := f.do("", http.MethodGet, "/status/"+id+"/compare?"+q.Encode(), nil)
		return rec.Code, rec.Body.String()
	}
	code, body := compare("en", premium, budget)
	if code != http.StatusOK {
		t.Fatalf("compare: %d\n%s", code, body)
	}
	heads := regexp.MustCompile(`<th scope="col" data-vendor="([^"]+)">`).FindAllStringSubmatch(body, -1)
	if len(heads) != 2 || heads[0][1] != budget || heads[1][1] != premium {
		t.Errorf("columns %v, want Budget Dialers then Premium Phones", heads)
	}
	for _, row := range []string{"rank", "cost", "why-cost", "why-quality", "why-capacity", "why-experience", "why-readiness", "sites", "languages", "certs", "track", "warnings"} {
		if !strings.Contains(body, `<tr data-row="`+row+`">`) {
			t.Errorf("the comparison lacks the %s row", row)
		}
	}
	for name, ids := range map[string][]string{"one": {budget}, "five": {budget, premium, "a", "b", "c"}} {
		code, body := compare("es", ids...)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "marque de dos a cuatro proveedores") {
			t.Errorf("%s vendor(s): %d, want 422 naming the allowed count in Spanish", name, code)
		}
	}
	if code, _ := compare("en", budget, f.byName["Red State Dialing"].ID); code != http.StatusNotFound {
		t.Errorf("comparing a vendor off the list: %d, want 404", code)
	}
}

// The PDF for the committee is a PDF, in the page's language, carrying
// the shared vendors' names and not the dropped or excluded ones.
func TestShortlistPDF(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.sharedIntake()
	for lang, words := range map[string]string{"en": "Why it ranks here", "es": "Por qu"} {
		rec := f.do("", http.MethodGet, "/status/"+id+"/shortlist.pdf?lang="+lang+"&token="+url.QueryEscape(token), nil)
		b := rec.Body.Bytes()
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF-")) ||
			!bytes.Contains(b[len(b)-8:], []byte("%%EOF")) {
			t.Fatalf("%s: %d %q, not a PDF", lang, rec.Code, rec.Header().Get("Content-Type"))
		}
		text := pdfText(t, b)
		for _, w := range []string{"Budget Dialers", "Middle Call Co", "Premium Phones", words} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the PDF lacks %q", lang, w)
			}
		}
		if strings.Contains(text, "Red State") {
			t.Errorf("%s: the PDF names an excluded vendor", lang)
		}
	}
	if rec := f.do("", http.MethodGet, "/status/"+id+"/shortlist.pdf?token=wrong", nil); rec.Code != http.StatusNotFound ||
		strings.HasPrefix(rec.Body.String(), "%PDF") {
		t.Errorf("a wrong link gets %d", rec.Code)
	}
}

var pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// pdfText inflates a PDF's content streams: fpdf compresses them.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	var out strings.Builder
	for _, m := range pdfStream.FindAllSubmatch(b, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			out.Write(m[1])
			continue
		}
		data, _ := io.ReadAll(r)
		out.Write(data)
	}
	return out.String()
}
