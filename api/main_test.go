package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/api"
	"callmatch/app"
	"callmatch/catalog"
	"callmatch/devstack/pgtest"
	"callmatch/intake"
	"callmatch/postgres"
)

func TestMain(m *testing.M) {
	// Real argon2id, cheap parameters: the tests exercise sign-in, not the
	// cost of a hash.
	account.HashParams = account.TestHashParams
	pgtest.Main(m)
}

// fixture is one test's app, assembled by app.New as serve assembles it, on
// its own database, with a user per role.
type fixture struct {
	t       *testing.T
	srv     *api.Server
	db      *postgres.DB
	vendors *postgres.VendorStore
	auth    *account.Authenticator
	watcher *postgres.CatalogWatcher
	intakes *intake.Service
	// billing verifies webhooks with testWebhookSecret and calls no Stripe.
	billing *postgres.BillingStore
	limit   int             // public submissions per minute; 0 means plenty
	vendorA *catalog.Vendor // the vendor user "vendor_own" belongs to this one
	vendorB *catalog.Vendor
	cookies map[string]string // role label → session token
	app     *app.App
}

const password = "correct horse battery staple"

func newFixture(t *testing.T) *fixture { return newFixtureLimit(t, 0) }

func (f *fixture) intakeLimit() int {
	if f.limit == 0 {
		return 10000
	}
	return f.limit
}

func newFixtureLimit(t *testing.T, limit int) *fixture {
	t.Helper()
	return newFixtureOn(t, limit, pgtest.NewDB(t))
}

// newFixtureOn is newFixtureLimit on the database at databaseURL.
func newFixtureOn(t *testing.T, limit int, databaseURL string) *fixture {
	t.Helper()
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{System: "test"})
	f := &fixture{t: t, cookies: map[string]string{}, limit: limit}
	a, err := app.New(ctx, app.Config{DatabaseURL: databaseURL, DataKey: postgres.NewDataKey(),
		PublicURL: "http://callmatch.test", StripeWebhookSecret: testWebhookSecret, IntakeRateLimit: f.intakeLimit()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	f.app = a
	f.srv, f.db, f.vendors, f.auth, f.watcher, f.intakes = a.API, a.DB, a.Vendors, a.Auth, a.Catalog, a.Intakes
	f.billing = postgres.NewBillingStore(a.DB)

	f.vendorA = testVendor("alpha-calls", "Alpha Calls")
	f.vendorB = testVendor("bravo-phones", "Bravo Phones")
	for _, v := range []*catalog.Vendor{f.vendorA, f.vendorB} {
		if err := f.vendors.CreateVendor(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	users := map[string]*account.User{
		"admin":        {Email: "admin@example.org", Role: callmatch.RoleAdmin},
		"advisor":      {Email: "advisor@example.org", Role: callmatch.RoleAdvisor},
		"vendor_own":   {Email: "ops@alpha.example.org", Role: callmatch.RoleVendor, VendorID: f.vendorA.ID},
		"vendor_other": {Email: "ops@bravo.example.org", Role: callmatch.RoleVendor, VendorID: f.vendorB.ID},
	}
	for label, u := range users {
		hash, err := account.HashPassword(password)
		if err != nil {
			t.Fatal(err)
		}
		u.PasswordHash = hash
		if err := a.Accounts.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		_, token, _, err := f.auth.Login(ctx, u.Email, password, "192.0.2.10")
		if err != nil {
			t.Fatal(err)
		}
		f.cookies[label] = token
	}
	return f
}

// apiRoutes are the routes the API registers itself: the fixture's engine
// also carries the pages, which the authorization table does not cover.
func (f *fixture) apiRoutes() gin.RoutesInfo {
	return api.New(api.Config{Logger: slog.New(slog.DiscardHandler)}).Engine().Routes()
}

func testVendor(slug, name string) *catalog.Vendor {
	return &catalog.Vendor{
		Slug: slug, Name: name, Status: catalog.StatusActive, Serves: []string{"democratic", "nonpartisan"},
		Sites:        []catalog.Site{{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago", Seats: 100}},
		Services:     []string{"gotv"},
		DialingModes: []string{"manual", "predictive"},
		Languages:    []catalog.LanguageSeats{{Code: "en", Seats: 100}, {Code: "es", Seats: 30}},
		Capacity:     catalog.Capacity{HoursPerDay: 8, RampUpDays: 5},
		Rates:        []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 2800, MinimumCents: 100000}},
		Metrics:      catalog.Metrics{ContactRate: 0.1, QAScore: 0.9},
	}
}

// do sends a request as the given role ("anonymous" sends no cookie) and
// checks the response against the OpenAPI document.
func (f *fixture) do(role, method, path, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token, ok := f.cookies[role]; ok {
		req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: token})
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	checkAgainstOpenAPI(f.t, req, rec, body)
	return rec
}

var openAPIRouter = func() func(t *testing.T) *openapi3.T {
	return func(t *testing.T) *openapi3.T {
		doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument())
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
}()

// checkAgainstOpenAPI validates the response status, content type and body
// against the documented operation.
func checkAgainstOpenAPI(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder, body string) {
	t.Helper()
	doc := openAPIRouter(t)
	doc.Servers = nil
	router, err := legacyrouter.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	vreq := req.Clone(context.Background())
	vreq.URL.Scheme, vreq.URL.Host = "", ""
	route, params, err := router.FindRoute(vreq)
	if err != nil {
		if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
			return
		}
		t.Errorf("%s %s: not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code,
		Header: rec.Header(), Body: io.NopCloser(strings.NewReader(rec.Body.String())), Options: in.Options}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s → %d does not match the OpenAPI document: %v\nbody: %s", req.Method, req.URL.Path, rec.Code, err, rec.Body.String())
	}
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %T: %v: %s", v, err, rec.Body.String())
	}
	return v
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func decodeInto(s string, v any) error { return json.Unmarshal([]byte(s), v) }
