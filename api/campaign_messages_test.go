package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The campaign writes to its advisor with its link token, once per key;
// bad input names the field; staff read the message back.
func TestCampaignMessagesAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id, token := f.newIntake()
	send := "/api/v1/intakes/" + id + "/messages?token=" + url.QueryEscape(token)
	var first, again struct{ ID string }
	for _, into := range []*struct{ ID string }{&first, &again} {
		rec := f.do("anonymous", http.MethodPost, send, `{"key": "api-key-0123456789abcdef", "message": "Can we start on Oct 5?", "lang": "es"}`)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("send: %d %s", rec.Code, rec.Body.String())
		}
		if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
			t.Fatal(err)
		}
	}
	if first.ID == "" || again.ID != first.ID {
		t.Errorf("a repeat made another message: %s, %s", first.ID, again.ID)
	}
	rec := f.do("anonymous", http.MethodPost, send, `{"key": "api-key-0123456789abcdeg", "message": " "}`)
	if rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"message"`) {
		t.Errorf("blank message: %d %s", rec.Code, rec.Body.String())
	}
	rec = f.do("advisor", http.MethodGet, "/api/v1/intakes/"+id+"/messages", "")
	var list struct {
		Messages []struct{ ID, Lang, Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("list: %d %s", rec.Code, rec.Body.String())
	}
	if len(list.Messages) != 1 || list.Messages[0].Message != "Can we start on Oct 5?" || list.Messages[0].Lang != "es" {
		t.Errorf("messages: %+v", list.Messages)
	}
	if rec := f.do("advisor", http.MethodGet, "/api/v1/intakes/00000000-0000-4000-8000-000000000000/messages", ""); rec.Code != http.StatusNotFound {
		t.Errorf("an intake that does not exist: %d", rec.Code)
	}
}
