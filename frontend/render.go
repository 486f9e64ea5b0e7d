package frontend

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/httpstatus"
)

//go:embed templates
var templateFS embed.FS

// templates holds one template set per page: the layout, the shared
// partials and the page itself, so that every page can define its own
// "title" and "main" without clashing with the others.
type templates struct {
	sets map[string]*template.Template
}

func parseTemplates() (*templates, error) {
	partials, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	pagesFiles, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{sets: map[string]*template.Template{}}
	for _, f := range pagesFiles {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		files := append([]string{"templates/layout.html", f}, partials...)
		set, err := template.New(name).Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("frontend: parse %s: %w", f, err)
		}
		t.sets[name] = set
	}
	return t, nil
}

// execute runs the named template of a page's set into a buffer, so that
// a template error becomes a clean 500 rather than half a page.
func (t *templates) execute(page, name string, data any) ([]byte, error) {
	set, ok := t.sets[page]
	if !ok {
		return nil, fmt.Errorf("frontend: no page template %q", page)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("frontend: render %s/%s: %w", page, name, err)
	}
	return buf.Bytes(), nil
}

// render writes a whole page.
func (p *pages) render(c *gin.Context, status int, page string, data any) {
	p.write(c, status, page, "layout", data)
}

// renderFragment writes one named template of a page, for htmx swaps.
func (p *pages) renderFragment(c *gin.Context, status int, page, name string, data any) {
	p.write(c, status, page, name, data)
}

func (p *pages) write(c *gin.Context, status int, page, name string, data any) {
	body, err := p.tmpl.execute(page, name, data)
	if err != nil {
		p.log(c).Error("render failed", slog.String("error", err.Error()))
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("Internal error."))
		return
	}
	// Pages show people's own data; no shared cache may keep a copy.
	c.Header("Cache-Control", "no-store")
	c.Header("Vary", "Cookie, HX-Request")
	c.Data(status, "text/html; charset=utf-8", body)
}

// errorPage is the page shown when a request cannot be served.
type errorPage struct {
	*Page
	Status  int
	Message string
}

// fail renders err as an error page with the API's one code→status table.
// Internal errors are logged and their details never shown.
func (p *pages) fail(c *gin.Context, pg *Page, err error) {
	status := httpstatus.Of(err)
	if status >= 500 {
		p.log(c).Error("page failed", slog.Int("status", status), slog.String("error", err.Error()))
	}
	msg := callmatch.ErrorMessage(err)
	if status == http.StatusNotFound {
		msg = pg.T("error.not_found")
	}
	pg.Title = pg.T("error.title")
	p.render(c, status, "error", &errorPage{Page: pg, Status: status, Message: msg})
}

// log returns the logger stamped with the request id.
func (p *pages) log(c *gin.Context) *slog.Logger {
	return p.Logger.With(slog.String("request_id", callmatch.ActorFrom(c.Request.Context()).RequestID))
}

// isHTMX reports whether htmx sent the request, which wants a fragment
// rather than a whole page.
func isHTMX(c *gin.Context) bool {
	return c.GetHeader("HX-Request") == "true" && c.GetHeader("HX-History-Restore-Request") != "true"
}

// seeOther redirects after a successful form post, so that reloading the
// next page does not post again.
func seeOther(c *gin.Context, location string) {
	c.Redirect(http.StatusSeeOther, location)
}
