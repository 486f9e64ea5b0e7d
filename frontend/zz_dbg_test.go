package frontend_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestZZDbg(t *testing.T) {
	html := `<!doctype html><html><head><style>svg{display:block;width:300px;height:14px;margin:4px}</style></head><body>
<svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="x"><rect x="0" y="0" width="100" height="10" fill="#eef0f2"/><rect x="0.00" y="0" width="33.15" height="10" fill="#0f6b66"><title>cost</title></rect></svg>
<svg viewBox="0 0 100 10" preserveAspectRatio="none"><rect x="0" y="0" width="100" height="10" fill="#eef0f2"/><rect x="0.00" y="0" width="33.15" height="10" fill="#0f6b66"><title>cost</title></rect></svg>
<svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="x"><rect x="0" y="0" width="100" height="10" fill="#eef0f2"/><rect x="0.00" y="0" width="33.15" height="10" fill="#0f6b66"></rect></svg>
<svg viewBox="0 0 100 10" preserveAspectRatio="none">
<rect x="0" y="0" width="100" height="10" fill="#eef0f2"/>
<rect x="0.00" y="0" width="33.15" height="10" fill="#0f6b66"/></svg>
</body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(html)) }))
	defer srv.Close()
	b := newBrowser(t)
	p := newPerson(t, b, srv.URL)
	p.open("/")
	png, _ := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS("body")))
	os.WriteFile("/tmp/fe/bar.png", png, 0o644)
}
