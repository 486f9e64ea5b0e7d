package frontend_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"callmatch/mail"
	"callmatch/postgres"
)

// A message that cannot be sent shows on the desk's mail page as failed,
// with why, and without its recipient; a bad filter names the field.
func TestDeskMailShowsFailures(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{mail: true})
	// No template of this kind: the worker fails it at once.
	m := mail.Message{Cause: "test.nokind:1", To: "campaign@example.org", Kind: "no_such_kind", Lang: "es"}
	if err := f.db.QueueMail(f.ctx, m); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	var body string
	for {
		body = f.do("advisor", http.MethodGet, "/desk/mail?status=failed", nil).Body.String()
		if strings.Contains(body, "no_such_kind") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the message never showed as failed:\n%s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, want := range []string{"test.nokind", "no template no_such_kind.es.tmpl", `class="badge bad"`, "<th>Last error</th>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the failed list lacks %q", want)
		}
	}
	if strings.Contains(body, "campaign@example.org") {
		t.Error("the mail page shows a recipient")
	}
	if body := f.do("advisor", http.MethodGet, "/desk/mail", nil).Body.String(); !strings.Contains(body, "no_such_kind") {
		t.Error("the default (not sent) list lacks the failed message")
	}
	if body := f.do("advisor", http.MethodGet, "/desk/mail?status="+postgres.MessageSent, nil).Body.String(); strings.Contains(body, "no_such_kind") {
		t.Error("the sent list shows the failed message")
	}
	if rec := f.do("advisor", http.MethodGet, "/desk/mail?status=lost", nil); rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown status: %d", rec.Code)
	}
}
