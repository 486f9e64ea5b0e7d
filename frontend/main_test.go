package frontend_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/app"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/devstack"
	"callmatch/devstack/pgtest"
	"callmatch/frontend"
	"callmatch/intake"
	"callmatch/matching"
	"callmatch/postgres"
	"callmatch/quote"
)

func TestMain(m *testing.M) {
	// Real argon2id with cheap parameters: sign-in is exercised, not the
	// cost of a hash.
	account.HashParams = account.TestHashParams
	pgtest.Main(m)
}

const password = "correct horse battery staple"

// fixture is one test's app, as serve assembles it: real stores on its
// own database, the API's engine with the pages registered, served on a
// loopback address that is also its public address, a user per role and a
// small catalog whose order flips when cost and quality trade places.
type fixture struct {
	t        testing.TB
	ctx      context.Context
	db       *postgres.DB
	vendors  *postgres.VendorStore
	accounts *postgres.AccountStore
	auth     *account.Authenticator
	watcher  *postgres.CatalogWatcher
	intakes  *intake.Service
	quotes   *quote.Service
	handler  http.Handler
	// server serves handler at the app's public address, so that the
	// private links the pages build lead back to it.
	server  *httptest.Server
	byName  map[string]*catalog.Vendor
	cookies map[string]string // role → session token
	// vendorUser is the vendor the "vendor" role's user belongs to.
	vendorUser *catalog.Vendor
	// mailpit reads the mail the app sent, with options.mail.
	mailpit devstack.MailpitAPI
}

// demoVendorCount is the size of the catalog `callmatch dev` seeds.
const demoVendorCount = 320

type options struct {
	search bool // start Meilisearch, index the catalog and run the app's relay
	// demo loads the demo catalog of `callmatch dev` instead of the five
	// test vendors; the vendor user then belongs to the first demo vendor.
	demo bool
	// invoices replaces billing's invoice list on the vendor portal.
	invoices frontend.InvoiceLister
	// mail starts a Mailpit of the test's own, points SMTP at it and runs
	// the app's background jobs, so that queued mail is sent: read it
	// with f.mailpit.
	mail bool
	// log, when set, receives the app's log (JSON, debug level).
	log io.Writer
	// now, when set, is the clock of the pages, the API and the intake
	// service (the stores keep the real one).
	now func() time.Time
}

func newFixture(t testing.TB, o options) *fixture {
	t.Helper()
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{System: "test"})
	server := httptest.NewUnstartedServer(nil) // its address is the app's public one
	cfg := app.Config{DatabaseURL: pgtest.NewDB(t), DataKey: postgres.NewDataKey(),
		PublicURL: "http://" + server.Listener.Addr().String(), IntakeRateLimit: 10000, Invoices: o.invoices,
		Logger: slog.New(slog.DiscardHandler), Now: o.now}
	if os.Getenv("FRONTEND_TEST_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if o.log != nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(o.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if o.search {
		st, err := devstack.Start(ctx, devstack.Options{Meili: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Stop() })
		cfg.MeiliURL, cfg.MeiliMasterKey = st.Meili.URL(), st.Meili.MasterKey()
	}
	var mailpit devstack.MailpitAPI
	if o.mail {
		st, err := devstack.Start(ctx, devstack.Options{Mailpit: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Stop() })
		cfg.SMTPURL, cfg.MailFrom, mailpit = st.Mailpit.SMTPURL(), "Callmatch <no-reply@callmatch.test>", st.Mailpit.API()
	}
	a, err := app.New(ctx, cfg)
	if err != nil {
		server.Close()
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	if o.now != nil {
		a.Intakes.Now = o.now
	}
	server.Config.Handler = a.API
	server.Start()
	t.Cleanup(server.Close) // before the app closes its database
	f := &fixture{t: t, ctx: ctx, db: a.DB, vendors: a.Vendors, accounts: a.Accounts, auth: a.Auth, watcher: a.Catalog,
		intakes: a.Intakes, quotes: a.Quotes, handler: a.API, server: server, byName: map[string]*catalog.Vendor{}, cookies: map[string]string{},
		mailpit: mailpit}
	vendorUser := "ops@middle.example.org"
	if o.demo {
		vs := demo.Vendors(demoVendorCount)
		if _, _, err := f.vendors.UpsertVendors(ctx, vs); err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			f.byName[v.Name] = v
		}
		f.vendorUser = vs[0]
		vendorUser = demo.VendorUserEmail(vs[0].Slug)
	} else {
		for _, v := range testVendors() {
			if err := f.vendors.CreateVendor(ctx, v); err != nil {
				t.Fatal(err)
			}
			f.byName[v.Name] = v
		}
		f.vendorUser = f.byName["Middle Call Co"]
	}
	if o.search {
		if _, err := a.Reindex(f.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if o.search || o.mail {
		f.runBackground(a)
	}
	f.users(vendorUser)
	return f
}

// runBackground runs the app's background loops, as serve does, so that
// vendor edits reach the index through the relay and queued mail is sent.
func (f *fixture) runBackground(a *app.App) {
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan struct{})
	go func() { defer close(done); a.Run(ctx) }()
	f.t.Cleanup(func() { cancel(); <-done })
}

// users creates an advisor and a vendor user, each signed in once.
func (f *fixture) users(vendorEmail string) {
	users := map[string]*account.User{
		"advisor": {Email: "advisor@example.org", Role: callmatch.RoleAdvisor},
		"vendor":  {Email: vendorEmail, Role: callmatch.RoleVendor, VendorID: f.vendorUser.ID},
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		f.t.Fatal(err)
	}
	for role, u := range users {
		u.PasswordHash = hash
		if err := f.accounts.CreateUser(f.ctx, u); err != nil {
			f.t.Fatal(err)
		}
		_, token, _, err := f.auth.Login(f.ctx, u.Email, password, "192.0.2.1")
		if err != nil {
			f.t.Fatal(err)
		}
		f.cookies[role] = token
	}
}

// xssName is a vendor name that would run script if it were not escaped.
const xssName = "<script>alert(1)</script>"

// testVendors are five vendors for a Texas GOTV program in English and
// Spanish: three rank (cheap and plain, dear and excellent, in between),
// one is excluded (serves Republicans only), and one carries a hostile name.
func testVendors() []*catalog.Vendor {
	v := func(slug, name string, rate int64, qa float64) *catalog.Vendor {
		return &catalog.Vendor{
			Slug: slug, Name: name, Status: catalog.StatusActive, Serves: []string{"democratic", "nonpartisan"},
			Description: "Bilingual call floor in Texas.",
			Sites:       []catalog.Site{{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago", Seats: 120}},
			Services:    []string{"gotv", "persuasion"}, DialingModes: []string{"manual", "click_to_dial", "predictive"},
			Languages: []catalog.LanguageSeats{{Code: "en", Seats: 120}, {Code: "es", Seats: 40}},
			Capacity:  catalog.Capacity{HoursPerDay: 8, RampUpDays: 5},
			Rates:     []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: rate, MinimumCents: 100000}},
			Metrics:   catalog.Metrics{ContactRate: 0.1, QAScore: qa, Verified: true}, StateExperience: []string{"TX"},
		}
	}
	red := v("red-state-dialing", "Red State Dialing", 2000, 0.9)
	red.Serves = []string{"republican"}
	return []*catalog.Vendor{
		v("budget-dialers", "Budget Dialers", 1500, 0.55),
		v("premium-phones", "Premium Phones", 4500, 0.99),
		v("middle-call-co", "Middle Call Co", 2600, 0.8),
		red,
		v("xss-vendor", xssName, 3000, 0.7),
	}
}

// submitForm is a valid consultation form for the test catalog.
func submitForm() url.Values {
	return url.Values{
		"campaign.name": {"Garcia for Congress"}, "campaign.sponsor_type": {"candidate"}, "campaign.affiliation": {"democratic"},
		"campaign.office_level": {"federal"}, "campaign.race": {"TX-23"}, "contact.name": {"Ana Garcia"},
		"contact.email": {"ana@garcia.example.org"}, "contact.phone": {"+1 512 555 0100"},
		"services": {"gotv"}, "target_states": {"TX"}, "records": {"20,000"}, "attempts_per_record": {"2"},
		"start_date": {"2027-09-20"}, "end_date": {"2027-11-01"},
		"languages[0].code": {"en"}, "languages[0].percent": {"70"}, "languages[1].code": {"es"}, "languages[1].percent": {"30"},
		"languages[2].code": {""}, "languages[2].percent": {""}, "budget_dollars": {"$150,000"},
		"key": {"test-form-key"},
	}
}

// do sends a request as role ("" is anonymous) the way a browser would on
// this site: same-origin fetch metadata on every write.
func (f *fixture) do(role, method, target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	target, _, _ = strings.Cut(target, "#") // browsers never send the fragment
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if token, ok := f.cookies[role]; ok {
		req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: token})
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

// newIntake submits the test form through the service and returns the id
// and private link token.
func (f *fixture) newIntake() (string, string) {
	f.t.Helper()
	rec := f.do("", http.MethodPost, "/consult", submitForm())
	if rec.Code != http.StatusOK {
		f.t.Fatalf("submit: %d\n%s", rec.Code, rec.Body.String())
	}
	link := between(rec.Body.String(), `id="status-link" href="`, `"`)
	u, err := url.Parse(strings.ReplaceAll(link, "&amp;", "&"))
	if err != nil || !strings.HasPrefix(u.Path, "/status/") {
		f.t.Fatalf("no status link in the confirmation: %q", link)
	}
	return strings.TrimPrefix(u.Path, "/status/"), u.Query().Get("token")
}

// engagePart records vendorID's part of a two-vendor team plan on intake
// id straight in the store, without a plan: how a test gives an intake
// engagements of two vendors (a whole-program engagement is an intake's
// only one). The part takes half of each of langs in the program's first
// week, and books a seat there.
func (f *fixture) engagePart(id, vendorID string, cents int64, langs ...string) *intake.Engagement {
	f.t.Helper()
	store, ok := f.intakes.Inbox.(*postgres.IntakeStore)
	if !ok {
		f.t.Fatalf("the intake service's inbox is a %T, not the intake store", f.intakes.Inbox)
	}
	e := intake.Engagement{IntakeID: id, VendorID: vendorID, ContractValueCents: cents, Part: &intake.Part{MaxVendors: 2}}
	week := callmatch.MustParseDate("2027-09-20")
	for _, lang := range langs {
		e.Part.Shares = append(e.Part.Shares, matching.PartShare{WeekStart: week, Language: lang, Share: 0.5})
		e.Bookings = append(e.Bookings, matching.Booking{VendorID: vendorID, IntakeID: id, WeekStart: week, Language: lang, Seats: 1})
	}
	rec, _, err := store.CreateEngagement(f.advisorCtx(), e)
	if err != nil {
		f.t.Fatal(err)
	}
	return rec
}

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

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}

// vendor reads a vendor as stored.
func (f *fixture) vendor(id string) *catalog.Vendor {
	f.t.Helper()
	v, err := f.vendors.FindVendorByID(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

// auditedBy lists who made each audited change of action on an entity, as
// "actor role", oldest first.
func (f *fixture) auditedBy(entity, id, action string) []string {
	f.t.Helper()
	entries, err := f.db.AuditFor(f.ctx, entity, id)
	if err != nil {
		f.t.Fatal(err)
	}
	var by []string
	for _, e := range entries {
		if e.Action == action {
			by = append(by, e.Actor+" "+e.Role)
		}
	}
	return by
}

// advisorCtx acts as an advisor in direct service calls.
func (f *fixture) advisorCtx() context.Context {
	return callmatch.WithActor(f.ctx, callmatch.Actor{UserID: "test-advisor", Role: callmatch.RoleAdvisor})
}

func intakeFilter() intake.Filter { return intake.Filter{} }
