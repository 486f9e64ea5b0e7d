package api

import (
	"encoding/json"
	"strings"
	"testing"

	"callmatch/intake"
)

// An intake's form is sent without a contact unless one was read, and
// never with the private link token's hash.
func TestIntakeResponseOmitsUnreadContact(t *testing.T) {
	in := &intake.Intake{ID: "i", Status: intake.StatusSubmitted, TokenHash: []byte("secret-hash"),
		Form: intake.Form{Campaign: intake.Campaign{Name: "Garcia"}}}
	b, _ := json.Marshal(intakeResponse(in))
	if strings.Contains(string(b), `"contact"`) {
		t.Errorf("unread contact in JSON: %s", b)
	}
	if !strings.Contains(string(b), `"form":{"campaign":{"name":"Garcia"`) || strings.Contains(string(b), "oken") {
		t.Errorf("JSON = %s", b)
	}
	in.Form.Contact = intake.Contact{Name: "Rosa", Email: "rosa@example.org"}
	b, _ = json.Marshal(intakeResponse(in))
	if !strings.Contains(string(b), `"contact":{"name":"Rosa","email":"rosa@example.org","phone":""}`) || strings.Count(string(b), `"contact"`) != 1 {
		t.Errorf("read contact missing from JSON, or twice: %s", b)
	}
}
