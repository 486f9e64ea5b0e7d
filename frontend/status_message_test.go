package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The campaign writes to its advisor from its status page: a blank message
// comes back at the field in the page's language with the form as it was;
// a sent one is shown on the desk, once however often it is posted.
func TestCampaignMessageFromStatusPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.newIntake()
	page := f.do("", http.MethodGet, "/status/"+id+"?lang=es&token="+url.QueryEscape(token), nil).Body.String()
	key := between(page, `name="key" value="`, `"`)
	if !strings.Contains(page, `action="/status/`+id+`/message"`) || len(key) < 16 || !strings.Contains(page, "Escriba a su asesor") {
		t.Fatalf("no message form on the status page:\n%s", page)
	}
	post := func(lang, body, key string) *http.Response {
		rec := f.do("", http.MethodPost, "/status/"+id+"/message?lang="+lang, url.Values{"token": {token}, "key": {key}, "message": {body}})
		return rec.Result()
	}
	rec := f.do("", http.MethodPost, "/status/"+id+"/message?lang=es", url.Values{"token": {token}, "key": {key}, "message": {"  "}})
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "Escriba su mensaje en 2 a 2000 caracteres.") ||
		!strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, `value="`+key+`"`) {
		t.Fatalf("blank message: %d\n%s", rec.Code, body)
	}
	rec = f.do("", http.MethodPost, "/status/"+id+"/message", url.Values{"token": {token}, "key": {"bad"}, "message": {"Kept text"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), ">Kept text</textarea>") {
		t.Fatalf("bad key: %d\n%s", rec.Code, rec.Body.String())
	}
	const text = "Can we start calls on Oct 5 instead? <b>Rosa</b>"
	for range 2 { // a reload of the answer posts again
		if res := post("en", text, key); res.StatusCode != http.StatusOK {
			t.Fatalf("send: %d", res.StatusCode)
		}
	}
	if res := post("en", text, key); res.StatusCode != http.StatusOK {
		t.Fatal("a repeat was refused")
	}
	if rec := f.do("", http.MethodPost, "/status/"+id+"/message", url.Values{"token": {"wrong"}, "key": {key}, "message": {text}}); rec.Code != http.StatusNotFound {
		t.Errorf("wrong token: %d", rec.Code)
	}
	desk := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	if n := strings.Count(desk, `class="campaign-message"`); n != 1 || !strings.Contains(desk, "Can we start calls on Oct 5 instead? &lt;b&gt;Rosa&lt;/b&gt;") {
		t.Errorf("%d messages on the desk, want the one, escaped:\n%s", n, between(desk, `id="campaign-messages"`, `</section>`))
	}
	if got := f.auditedBy("intake", id, "campaign_message.read"); len(got) == 0 {
		t.Error("reading the messages on the desk was not audited")
	}
	// The queue says which intakes the campaign wrote about, so that an
	// advisor finds the message without opening each intake.
	queue := f.do("advisor", http.MethodGet, "/desk?status=all", nil).Body.String()
	if !strings.Contains(queue, `href="/desk/intakes/`+id+`#campaign-messages">Message from the campaign`) {
		t.Error("the queue does not flag the intake the campaign wrote about")
	}
	if strings.Count(queue, "Message from the campaign") != 1 {
		t.Errorf("the queue flags %d intakes, want the one with a message", strings.Count(queue, "Message from the campaign"))
	}
}
