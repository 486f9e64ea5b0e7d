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

// A shortlist is sent with its result exactly as stored, even a field
// today's matching.Result does not have, and its events as a list.
func TestShortlistResponseKeepsStoredResultBytes(t *testing.T) {
	sl := &intake.Shortlist{ID: "sl-1", IntakeID: "in-1", Version: 1,
		ResultJSON: json.RawMessage(`{"engine_version":"0.9.0","legacy_field":[1,2,3]}`)}
	b, err := json.Marshal(shortlistResponse(sl))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if string(got["result"]) != string(sl.ResultJSON) {
		t.Errorf("result = %s, want the stored bytes", got["result"])
	}
	for _, k := range []string{"id", "intake_id", "version", "created_at", "events", "shared_at", "catalog_version", "intake_version"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %q missing from %s", k, b)
		}
	}
	if string(got["events"]) != "[]" {
		t.Errorf("events = %s, want []", got["events"])
	}
}
