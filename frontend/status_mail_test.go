package frontend_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/catalog"
	"callmatch/devstack"
	"callmatch/intake"
	"callmatch/postgres"
)

// syncBuffer is a log sink written by request and worker goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mailTo waits for a message to addr whose subject starts with subject
// and reads it whole.
func (f *fixture) mailTo(addr, subject string) *devstack.MailpitMessage {
	f.t.Helper()
	var got *devstack.MailpitMessage
	f.pollMail(f.t, addr, func(m *devstack.MailpitMessage) bool {
		got = m
		return strings.HasPrefix(m.Subject, subject)
	})
	return got
}

// drainMail waits until nothing is queued: once none is, no job can send
// again, so what Mailpit holds is final.
func (f *fixture) drainMail() {
	f.t.Helper()
	f.intakes.Wait()
	deadline := time.Now().Add(time.Minute)
	for {
		var queued int
		err := f.db.SQL().QueryRowContext(f.ctx, `SELECT count(*) FROM messages WHERE status = $1`, postgres.MessageQueued).Scan(&queued)
		if err != nil {
			f.t.Fatal(err)
		}
		if queued == 0 {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%d messages still queued", queued)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// subjects counts the mail addr received, by subject.
func (f *fixture) subjects(addr string) map[string]int {
	f.t.Helper()
	list, err := f.mailpit.Search(f.ctx, "to:"+addr)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]int{}
	for _, s := range list {
		out[s.Subject]++
	}
	return out
}

var statusLinkRe = regexp.MustCompile(`https?://[^\s"<>]+/status/[0-9a-f-]{36}\?token=[A-Za-z0-9_-]+(&(amp;)?lang=es)?`)

// followStatusLink finds the status link in a mail's text and HTML (the
// same link in both), opens it and returns the page.
func (f *fixture) followStatusLink(m *devstack.MailpitMessage) (link, page string) {
	f.t.Helper()
	link = statusLinkRe.FindString(m.Text)
	if html := strings.ReplaceAll(statusLinkRe.FindString(m.HTML), "&amp;", "&"); link == "" || html != link {
		f.t.Fatalf("%q: status link %q in the text, %q in the HTML\n%s", m.Subject, link, html, m.Text)
	}
	if !strings.HasPrefix(link, f.server.URL+"/status/") {
		f.t.Fatalf("link %q is not on the public address %s", link, f.server.URL)
	}
	rec := f.do("", http.MethodGet, strings.TrimPrefix(link, f.server.URL), nil)
	if rec.Code != http.StatusOK {
		f.t.Fatalf("following %q: %d", link, rec.Code)
	}
	return link, rec.Body.String()
}

// Every message of a campaign's journey arrives through SMTP in the
// campaign's language with a link that opens its status page; "send me my
// link again" mails the same link to a known address and nothing to an
// unknown one; advisors hear of the intake and of a certification to
// review, a vendor of one about to expire; a cause repeated sends once;
// and no log line names the campaign's address or holds its link.
func TestCampaignMailJourney(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	f := newFixture(t, options{mail: true, log: &logs})
	const campaign = "ana@garcia.example.org"

	// Submitted in Spanish (twice: the reloaded confirmation page).
	for range 2 {
		if rec := f.do("", http.MethodPost, "/consult?lang=es", submitForm()); rec.Code != http.StatusOK {
			t.Fatalf("submit: %d", rec.Code)
		}
	}
	confirm := f.mailTo(campaign, "Recibimos su solicitud: Garcia for Congress")
	link, page := f.followStatusLink(confirm)
	if !strings.Contains(page, "En qué punto está su solicitud") || !strings.Contains(page, "Garcia for Congress") {
		t.Errorf("the confirmation's link opens:\n%s", page)
	}
	u, _ := url.Parse(link)
	id, token := strings.TrimPrefix(u.Path, "/status/"), u.Query().Get("token")
	if advisor := f.mailTo("advisor@example.org", "New intake: Garcia for Congress"); !strings.Contains(advisor.Text, "/desk/intakes/"+id) {
		t.Errorf("advisor's notice:\n%s", advisor.Text)
	}

	// The link again: the same link, for the address in any case.
	for _, addr := range []string{"ANA@garcia.example.org", "nobody@garcia.example.org"} {
		if rec := f.do("", http.MethodPost, "/status/link?lang=es", url.Values{"email": {addr}}); rec.Code != http.StatusOK {
			t.Fatalf("link again for %s: %d", addr, rec.Code)
		}
	}
	if again, _ := f.followStatusLink(f.mailTo(campaign, "Su enlace privado")); again != link {
		t.Errorf("mailed link %q, want the first %q", again, link)
	}

	// Shared (twice: the second is no new cause).
	sl, err := f.intakes.GenerateShortlist(f.advisorCtx(), id, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := f.intakes.Share(f.advisorCtx(), sl.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, page := f.followStatusLink(f.mailTo(campaign, "Sus recomendaciones están listas")); !strings.Contains(page, "Middle Call Co") {
		t.Errorf("the shared mail's link opens no shortlist:\n%s", page)
	}

	// A vendor uploads a certification; another of theirs nears its end.
	vendorCtx := callmatch.WithActor(f.ctx, callmatch.Actor{UserID: "vendor-user", Role: callmatch.RoleVendor, VendorID: f.vendorUser.ID})
	today := callmatch.DateOf(time.Now())
	if _, err := f.vendors.AddCertification(vendorCtx, f.vendorUser.ID, catalog.Certification{Kind: "soc2_type2",
		Status: catalog.CertPending, IssuedOn: today.AddDays(-30), ExpiresOn: today.AddDays(335)}); err != nil {
		t.Fatal(err)
	}
	f.mailTo("advisor@example.org", "Certification to review: Middle Call Co (soc2_type2)")
	if _, err := f.vendors.AddCertification(f.advisorCtx(), f.vendorUser.ID, catalog.Certification{Kind: "pci_dss",
		Status: catalog.CertVerified, IssuedOn: today.AddDays(-340), ExpiresOn: today.AddDays(25)}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := f.vendors.MailExpiringCertifications(f.ctx); err != nil {
			t.Fatal(err)
		}
	}
	reminderSubject := "Your pci_dss certification expires on " + today.AddDays(25).String()
	reminder := f.mailTo("ops@middle.example.org", reminderSubject)
	if !strings.Contains(reminder.Text, f.server.URL+"/unsubscribe/") {
		t.Errorf("reminder without its opt-out link:\n%s", reminder.Text)
	}

	f.drainMail()
	want := map[string]int{"Recibimos su solicitud: Garcia for Congress": 1, "Su enlace privado: Garcia for Congress": 1,
		"Sus recomendaciones están listas: Garcia for Congress": 1}
	got := f.subjects(campaign)
	if len(got) != len(want) {
		t.Errorf("the campaign received %v, want each of %v once", got, want)
	}
	for s, n := range want {
		if got[s] != n {
			t.Errorf("%q received %d times, want %d", s, got[s], n)
		}
	}
	if got := f.subjects("nobody@garcia.example.org"); len(got) != 0 {
		t.Errorf("an unknown address received %v", got)
	}
	if got := f.subjects("ops@middle.example.org"); got[reminderSubject] != 1 {
		t.Errorf("the vendor received %v, want the reminder once", got)
	}
	if l := logs.String(); strings.Contains(l, "garcia.example.org") || strings.Contains(l, token) || l == "" {
		t.Errorf("the log names the campaign's address or holds its link (or is empty):\n%s", l)
	}
}
