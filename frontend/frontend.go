// Package frontend is the web pages of Callmatch for its three kinds of
// user: campaigns (landing page, consultation form, status behind the
// private link), advisors (queue, intake desk, vendor directory,
// certification queue) and vendors (their own profile and capacity).
//
// Pages are html/template with htmx, embedded with go:embed, on the API's
// Gin engine, so that they share its middleware: request ids, security
// headers (a strict CSP: no inline script or style anywhere here), the
// cross-origin check that stops cross-site form posts, and the session
// cookie that becomes the request's actor. Handlers follow the API's
// shape: parse, one domain call, render into a buffer, write.
package frontend

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch/account"
	"callmatch/billing"
	"callmatch/catalog"
	"callmatch/intake"
)

// VendorStore is what the pages need of the vendor catalog: the domain
// store plus the certification evidence kept beside it.
type VendorStore interface {
	catalog.Store
	AddCertificationWithDocument(ctx context.Context, vendorID string, c catalog.Certification, doc catalog.CertificationDocument) (*catalog.Certification, error)
	FindCertificationDocument(ctx context.Context, certID string) (*catalog.CertificationDocument, string, error)
	FindPendingCertifications(ctx context.Context) ([]catalog.PendingCertification, error)
	CertificationDocumentsFor(ctx context.Context, vendorID string) (map[string]*catalog.CertificationDocument, error)
}

// SessionCookies makes the session cookie exactly as the API's login does
// (api.Server implements it), so that one session serves pages and API.
type SessionCookies interface {
	SessionCookie(value string, expires time.Time) *http.Cookie
}

// Invoice is one line of a vendor's invoice list, as billing reports it.
type Invoice struct {
	Number      string
	IssuedAt    time.Time
	AmountCents int64
	Status      string // draft, open, paid, void, uncollectible
	URL         string // the hosted invoice page, if any

	// What the fee is for and how it was reckoned (invoices.go): the
	// engagement and its program, the contract value, the fee terms as
	// they were when the invoice was opened, and the due date once issued.
	EngagementID, IntakeID string
	ContractValueCents     int64
	Terms                  billing.Terms
	DueAt                  *time.Time
}

// InvoiceLister is the hook for billing: the invoices of one vendor.
type InvoiceLister func(ctx context.Context, vendorID string) ([]Invoice, error)

// Deps are the pages' dependencies. Search is never nil: without an index
// it answers unavailable, and the directory then lists from PostgreSQL
// without free text. Invoices may be nil: the portal then says that
// invoices are not available yet.
type Deps struct {
	Logger  *slog.Logger
	Vendors VendorStore
	Search  catalog.Searcher
	Intakes *intake.Service
	Auth    Authenticator
	Cookies SessionCookies
	// Limiter and IntakeRateLimit bound public submissions per address and
	// minute, sharing the API's budget (same key) so that the form is no
	// way around it. A nil Limiter disables the limit.
	Limiter         account.Limiter
	IntakeRateLimit int
	Invoices        InvoiceLister
	Messages        MessageLog // the desk's mail page
	// PublicURL is the site's address as campaigns reach it (https://…),
	// for the private link shown after a submission. It is required: the
	// request's Host header is the client's to choose, so a link built
	// from it could send a campaign's token elsewhere.
	PublicURL string
	Now       func() time.Time
	// People, Applications and Preferences serve invitations, password
	// resets, the People page, vendor applications and mail opt-outs.
	People       *account.People
	Applications *catalog.Applications
	Preferences  *account.Preferences
	// Quotes serves invitations to quote, quotes and their release.
	Quotes QuoteService
}

// pages holds the dependencies and the parsed templates.
type pages struct {
	Deps
	catalog *catalog.Service // the one way to vendors, over Deps.Vendors and Deps.Search
	tmpl    *templates
	i18n    map[string]*messages
}

// Register adds the web pages and their static assets to engine, which
// must be the API's (api.New(…).Engine()), so that they run behind its
// middleware. Page routes live outside /api/.
func Register(engine *gin.Engine, d Deps) error {
	if d.Intakes == nil || d.Vendors == nil || d.Auth == nil || d.Cookies == nil || d.Search == nil || d.Quotes == nil || d.PublicURL == "" {
		return errors.New("frontend: Intakes, Vendors, Auth, Cookies, Catalog, Search, Quotes and PublicURL are required")
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	tmpl, err := parseTemplates()
	if err != nil {
		return err
	}
	cats, err := loadMessages()
	if err != nil {
		return err
	}
	p := &pages{Deps: d, catalog: catalog.NewService(d.Vendors, d.Vendors, d.Search), tmpl: tmpl, i18n: cats}
	p.routes(engine)
	return nil
}
