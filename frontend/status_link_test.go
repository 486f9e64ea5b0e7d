package frontend_test

import (
	"net/http"
	"strings"
	"testing"
)

// The private link holds the campaign's token, so it is built on the
// configured public address, never on the Host header the client sent
// (example.com, in a test request).
func TestStatusLinkIgnoresHostHeader(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	rec := f.do("", http.MethodPost, "/consult", submitForm())
	link := between(rec.Body.String(), `id="status-link" href="`, `"`)
	if !strings.HasPrefix(link, f.server.URL+"/status/") || strings.Contains(link, "example.com") {
		t.Errorf("private link %q, want it on the public address %s", link, f.server.URL)
	}
}
