package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	texttemplate "text/template"
)

//go:embed templates
var templates embed.FS

// Templates are the product's message templates (templates/README.md).
func Templates() fs.FS {
	sub, err := fs.Sub(templates, "templates")
	if err != nil {
		panic(err) // the directory is embedded: it is there
	}
	return sub
}

// Rendered is a message ready to send.
type Rendered struct {
	Subject string
	Text    string
	HTML    string
	// Unsubscribe is the one-click opt-out address of a message whose
	// Data has "unsubscribe_token" ({Base}/unsubscribe/{token}, the page
	// its template links to), for the List-Unsubscribe header; "" for
	// mail nobody can opt out of (invitations, resets, confirmations).
	Unsubscribe string
}

// Renderer renders messages from a set of templates parsed once.
type Renderer struct {
	base  string
	kinds map[string]parsed // "<kind>.<lang>"
}

type parsed struct {
	text *texttemplate.Template // subject and text
	html *htmltemplate.Template
}

// view is what a template sees.
type view struct {
	Data map[string]string
	Base string
}

// NewRenderer parses every *.tmpl in fsys and refuses a file without subject, text and html, and a
// kind without both languages, so that a missing template stops the
// server at start rather than a message at sending time. base is the
// public URL links start with.
func NewRenderer(fsys fs.FS, base string) (*Renderer, error) {
	files, err := fs.Glob(fsys, "*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	r := &Renderer{base: strings.TrimRight(base, "/"), kinds: map[string]parsed{}}
	langs := map[string][]string{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".tmpl")
		kind, lang, ok := strings.Cut(name, ".")
		if !ok || (lang != "en" && lang != "es") || !kindPattern.MatchString(kind) {
			return nil, fmt.Errorf("mail templates: %s: name it <kind>.<en|es>.tmpl", f)
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("mail templates: %w", err)
		}
		var p parsed
		if p.text, err = texttemplate.New(name).Option("missingkey=error").Parse(string(b)); err != nil {
			return nil, fmt.Errorf("mail templates: %w", err)
		}
		if p.html, err = htmltemplate.New(name).Option("missingkey=error").Parse(string(b)); err != nil {
			return nil, fmt.Errorf("mail templates: %w", err)
		}
		for _, def := range []string{"subject", "text", "html"} {
			if p.text.Lookup(def) == nil {
				return nil, fmt.Errorf("mail templates: %s defines no %q", f, def)
			}
		}
		r.kinds[name] = p
		langs[kind] = append(langs[kind], lang)
	}
	for kind, ls := range langs {
		if len(ls) != 2 {
			return nil, fmt.Errorf("mail templates: %s has %s only; write it in en and es", kind, ls[0])
		}
	}
	return r, nil
}

// Kinds lists the kinds there are templates for.
func (r *Renderer) Kinds() []string {
	seen := map[string]bool{}
	var out []string
	for name := range r.kinds {
		if k, _, _ := strings.Cut(name, "."); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Render renders m in its language. A kind without templates, or a key
// the template names but m.Data lacks, is an error: a fault of the code
// that queued it, which no retry mends.
func (r *Renderer) Render(m Message) (*Rendered, error) {
	name := m.Kind + "." + m.Language()
	p, ok := r.kinds[name]
	if !ok {
		return nil, fmt.Errorf("mail: no template %s.tmpl", name)
	}
	v := view{Data: m.Data, Base: r.base}
	if v.Data == nil {
		v.Data = map[string]string{}
	}
	var subject, text, html bytes.Buffer
	if err := p.text.ExecuteTemplate(&subject, "subject", v); err != nil {
		return nil, fmt.Errorf("mail: %s: %w", name, err)
	}
	if err := p.text.ExecuteTemplate(&text, "text", v); err != nil {
		return nil, fmt.Errorf("mail: %s: %w", name, err)
	}
	if err := p.html.ExecuteTemplate(&html, "html", v); err != nil {
		return nil, fmt.Errorf("mail: %s: %w", name, err)
	}
	out := &Rendered{
		// One line: a name with a line break must not start a header.
		Subject: strings.Join(strings.Fields(subject.String()), " "),
		Text:    strings.TrimSpace(text.String()) + "\n",
		HTML:    strings.TrimSpace(html.String()) + "\n",
	}
	if tok := m.Data["unsubscribe_token"]; tok != "" {
		out.Unsubscribe = r.base + "/unsubscribe/" + url.PathEscape(tok)
	}
	return out, nil
}
