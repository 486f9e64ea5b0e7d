package frontend_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"callmatch/devstack"
)

// waitMail waits for the first mail to `to` and returns it.
func (f *fixture) waitMail(t *testing.T, to string) *devstack.MailpitMessage {
	t.Helper()
	var got *devstack.MailpitMessage
	f.pollMail(t, to, func(m *devstack.MailpitMessage) bool { got = m; return true })
	return got
}

// mailLink waits for the newest mail to `to` whose text holds a link to
// path (e.g. "/invite/") and returns that link. Mail is sent by the app's
// worker after the cause commits, so it is waited for, not assumed.
func (f *fixture) mailLink(t *testing.T, to, path string) string {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(f.server.URL+path) + `[A-Za-z0-9_\-]+`)
	var link string
	f.pollMail(t, to, func(m *devstack.MailpitMessage) bool {
		link = re.FindString(m.Text)
		return link != "" && strings.Contains(m.HTML, link)
	})
	return link
}

// pollMail reads the mail to `to`, newest first, until match accepts one.
func (f *fixture) pollMail(t testing.TB, to string, match func(*devstack.MailpitMessage) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, time.Minute)
	defer cancel()
	for {
		msgs, err := f.mailpit.Search(ctx, "to:"+to)
		if err != nil {
			t.Fatalf("read Mailpit: %v", err)
		}
		for _, s := range msgs {
			m, err := f.mailpit.Message(ctx, s.ID)
			if err != nil {
				t.Fatalf("read a message: %v", err)
			}
			if match(m) {
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no matching mail to %s arrived", to)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestBrowserInviteAndReset: an advisor invites a vendor user from the
// People page; the new user opens the invitation from the mail in
// Mailpit, chooses a name and password and lands in the portal; later
// they reset the password from a mailed link and sign in with the new one.
func TestBrowserInviteAndReset(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{mail: true})
	advisor := newPerson(t, browser, f.server.URL)
	newcomer := newPerson(t, browser, f.server.URL)
	const email = "nia@middle.example.org"

	advisor.login("advisor@example.org")
	advisor.open("/desk/people")
	advisor.do("fill in the invitation",
		chromedp.SetValue(chromedp.ID("invite-email"), email),
		chromedp.SetValue(chromedp.ID("invite-role"), "vendor"),
		chromedp.SetValue(chromedp.ID("invite-vendor"), f.vendorUser.ID))
	advisor.submit("send the invitation", `form[action="/desk/people/invitations"] button[type=submit]`)
	if !advisor.eval(`document.querySelector('tr[data-invitation="` + email + `"]') !== null`) {
		t.Fatal("the invitation is not listed as pending")
	}

	invite := f.mailLink(t, email, "/invite/")
	newcomer.do("open the invitation from the mail", chromedp.Navigate(invite))
	if got := newcomer.text("main p"); !strings.Contains(got, "Middle Call Co") {
		t.Fatalf("the invitation page says %q", got)
	}
	newcomer.do("choose a name and password",
		chromedp.SetValue(chromedp.ID("name"), "Nia Long"),
		chromedp.SetValue(chromedp.ID("password"), "the first long password"))
	newcomer.submit("create the account", `form[action^="/invite/"] button[type=submit]`)
	if loc := newcomer.location(); loc != f.server.URL+"/portal" {
		t.Fatalf("after accepting: at %s, want the portal", loc)
	}

	// Signed out, the newcomer forgets the password and resets it.
	newcomer.submit("sign out", `form.signout button[type=submit]`)
	newcomer.open("/login")
	newcomer.submit("forgot the password", `a[href="/reset"]`)
	newcomer.do("ask for a reset link", chromedp.SetValue(chromedp.ID("email"), email))
	newcomer.submit("send", `form[action="/reset"] button[type=submit]`)
	if !strings.Contains(newcomer.text(".notice"), "on its way") {
		t.Fatal("no confirmation after asking for a reset link")
	}
	reset := f.mailLink(t, email, "/reset/")
	newcomer.do("open the reset link from the mail", chromedp.Navigate(reset))
	newcomer.do("choose a new password", chromedp.SetValue(chromedp.ID("password"), "the second long password"))
	newcomer.submit("set it", `form[action^="/reset/"] button[type=submit]`)
	if loc := newcomer.location(); loc != f.server.URL+"/portal" {
		t.Fatalf("after resetting: at %s, want the portal", loc)
	}
	newcomer.submit("sign out", `form.signout button[type=submit]`)
	newcomer.open("/login")
	newcomer.do("sign in with the new password",
		chromedp.SetValue(chromedp.ID("email"), email),
		chromedp.SetValue(chromedp.ID("password"), "the second long password"))
	newcomer.submit("sign in", `form[action="/login"] button[type=submit]`)
	if loc := newcomer.location(); loc != f.server.URL+"/portal" {
		t.Fatalf("signing in with the new password: at %s", loc)
	}
	// The used reset link says so, and offers no form.
	newcomer.do("open the reset link again", chromedp.Navigate(reset))
	if !strings.Contains(newcomer.text(".errors"), "already used") || newcomer.eval(`document.querySelector('form[action^="/reset/"]') !== null`) {
		t.Fatal("a used reset link did not say so")
	}
}
