package mail

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func TestRender(t *testing.T) {
	r, err := NewRenderer(os.DirFS("testdata"), "https://callmatch.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	m := Message{Cause: "test:1", To: "a@example.org", Lang: "es", Kind: "hello",
		Data: map[string]string{"name": "Ana <b>\r\nBcc: x@example.org", "id": "42"}}
	got, err := r.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "Hola Ana <b> Bcc: x@example.org" {
		t.Errorf("subject %q: want one line, in Spanish", got.Subject)
	}
	if !strings.Contains(got.Text, "su página: https://callmatch.example.org/status/42") {
		t.Errorf("text %q", got.Text)
	}
	if !strings.Contains(got.HTML, `Hola Ana &lt;b&gt;`) || !strings.Contains(got.HTML, `href="https://callmatch.example.org/status/42"`) {
		t.Errorf("html %q: want the name escaped and the link", got.HTML)
	}
	m.Lang = ""
	if got, err := r.Render(m); err != nil || !strings.HasPrefix(got.Subject, "Hello") {
		t.Errorf("no language: %v %+v, want English", err, got)
	}
	delete(m.Data, "id")
	if _, err := r.Render(m); err == nil {
		t.Error("a key the template names but the data lacks rendered")
	}
	m.Kind = "nope"
	if _, err := r.Render(m); err == nil || !strings.Contains(err.Error(), "nope.en.tmpl") {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestNewRendererRefuses(t *testing.T) {
	full := `{{define "subject"}}s{{end}}{{define "text"}}t{{end}}{{define "html"}}h{{end}}`
	for name, fsys := range map[string]fstest.MapFS{
		"one language": {"a.en.tmpl": {Data: []byte(full)}},
		"no html":      {"a.en.tmpl": {Data: []byte(full)}, "a.es.tmpl": {Data: []byte(`{{define "subject"}}s{{end}}{{define "text"}}t{{end}}`)}},
		"bad language": {"a.fr.tmpl": {Data: []byte(full)}},
		"parse error":  {"a.en.tmpl": {Data: []byte(full + "{{")}, "a.es.tmpl": {Data: []byte(full)}},
	} {
		if _, err := NewRenderer(fsys, "http://x"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The product's own templates parse, in both languages.
func TestTemplates(t *testing.T) {
	if _, err := NewRenderer(Templates(), "http://x"); err != nil {
		t.Fatal(err)
	}
}
