package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"callmatch/api"
	"callmatch/mail"
	"callmatch/postgres"
)

// Staff list the mail queue: a queued message with its kind and cause,
// never its recipient or data; an unknown status is refused naming the
// field.
func TestListMessages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// No worker runs here: the message stays queued.
	key, err := postgres.ParseDataKey(postgres.NewDataKey())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.EnableMail(key); err != nil {
		t.Fatal(err)
	}
	m := mail.Message{Cause: "intake.confirmation:123", To: "campaign@example.org", Kind: "intake_confirmation",
		Lang: "es", Data: map[string]string{"token": "private-token"}}
	if err := f.db.QueueMail(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	rec := f.do("advisor", http.MethodGet, "/api/v1/messages", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if body := rec.Body.String(); strings.Contains(body, "campaign@example.org") || strings.Contains(body, "private-token") {
		t.Errorf("the list shows personal data: %s", body)
	}
	var list api.MessageList
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Messages) != 1 {
		t.Fatalf("%+v", list)
	}
	if got := list.Messages[0]; got.Kind != "intake_confirmation" || got.CauseKind != "intake.confirmation" ||
		got.Status != "queued" || got.Lang != "es" || got.SentAt != nil {
		t.Errorf("%+v", got)
	}
	if rec := f.do("admin", http.MethodGet, "/api/v1/messages?status=sent", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"messages":[]`) {
		t.Errorf("sent: %d %s", rec.Code, rec.Body)
	}
	if rec := f.do("advisor", http.MethodGet, "/api/v1/messages?status=lost", ""); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "status") {
		t.Errorf("unknown status: %d %s", rec.Code, rec.Body)
	}
}
