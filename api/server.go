// Package api is the JSON API on Gin: routes, request decoding, the one
// error-to-status table, authentication and authorization checks. Handlers
// parse, make one domain call and render.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/billing"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/quote"
)

// Authenticator is what the API needs of accounts (account.Authenticator):
// sign-in, sessions and the caller's own API tokens.
type Authenticator interface {
	Login(ctx context.Context, email, password, ip string) (*account.User, string, time.Time, error)
	Logout(ctx context.Context, sessionToken string) error
	LogoutAll(ctx context.Context, actor callmatch.Actor) (int, error)
	UserForSession(ctx context.Context, token string) (*account.User, error)
	UserForAPIToken(ctx context.Context, token string) (*account.User, error)
	IssueAPIToken(ctx context.Context, actor callmatch.Actor, name string, ttlDays int) (string, *account.APIToken, error)
	ListAPITokens(ctx context.Context, actor callmatch.Actor) ([]account.APIToken, error)
	RevokeAPIToken(ctx context.Context, actor callmatch.Actor, id string) error
}

// ReadyCheck is one dependency /readyz reports. Only critical checks make
// the app unready; the others are reported so operators see degradation.
type ReadyCheck struct {
	Name     string
	Critical bool
	Check    func(ctx context.Context) error
}

// Config are the API's dependencies.
type Config struct {
	Logger  *slog.Logger
	Vendors catalog.Store
	Auth    Authenticator
	Search  catalog.Searcher // vendor search; nil answers 503
	Intakes *intake.Service
	// Quotes serves invitations to quote and quotes (MARKETPLACE.md §3).
	Quotes *quote.Service
	// People and Applications serve accounts (invitations, resets, the
	// People page) and vendor applications.
	People       *account.People
	Applications *catalog.Applications
	// Billing serves fee terms, invoices and Stripe webhooks; nil answers 503.
	Billing *billing.Service
	// Messages lists the mail queue for staff; nil answers 503.
	Messages MessageLog
	// Limiter and IntakeRateLimit bound public submissions per address and
	// minute; a nil Limiter disables the limit.
	Limiter         account.Limiter
	IntakeRateLimit int
	Ready           []ReadyCheck
	// SecureCookies is true when served over TLS: cookies get Secure and
	// the __Host- prefix, and responses carry Strict-Transport-Security.
	SecureCookies bool
	Now           func() time.Time
	// RequestTimeout bounds each request's waits on the database and the
	// search engine; zero means DefaultRequestTimeout.
	RequestTimeout time.Duration
}

// Server holds the API's dependencies and its Gin engine.
type Server struct {
	log          *slog.Logger
	catalog      *catalog.Service // the one way to vendors
	auth         Authenticator
	intakes      *intake.Service
	quotes       *quote.Service
	people       *account.People
	applications *catalog.Applications
	billing      *billing.Service
	messages     MessageLog
	limiter      account.Limiter
	intakeLimit  int
	ready        []ReadyCheck
	secure       bool
	now          func() time.Time
	// requestTimeout bounds each request's waits (see deadline).
	requestTimeout time.Duration
	csrf           *http.CrossOriginProtection
	engine         *gin.Engine
}

// New builds the server and its routes.
func New(cfg Config) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{
		log: cfg.Logger, catalog: catalog.NewService(cfg.Vendors, nil, cfg.Search), auth: cfg.Auth,
		intakes: cfg.Intakes, quotes: cfg.Quotes, people: cfg.People, applications: cfg.Applications, billing: cfg.Billing, messages: cfg.Messages, limiter: cfg.Limiter, intakeLimit: cfg.IntakeRateLimit, ready: cfg.Ready,
		secure: cfg.SecureCookies, now: cfg.Now, requestTimeout: cfg.RequestTimeout, csrf: http.NewCrossOriginProtection(),
	}
	if s.requestTimeout <= 0 {
		s.requestTimeout = DefaultRequestTimeout
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.engine = gin.New()
	// Trust no proxy headers by default: X-Forwarded-For from a client would
	// otherwise let it dodge per-address rate limits.
	_ = s.engine.SetTrustedProxies(nil)
	s.engine.HandleMethodNotAllowed = true
	s.engine.ContextWithFallback = true
	s.engine.NoRoute(func(c *gin.Context) { fail(c, callmatch.Errorf(callmatch.ENOTFOUND, "No such route.")) })
	s.engine.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, ErrorBody{Error: ErrorDetail{Code: callmatch.EINVALID, Message: "Method not allowed on this route."}})
	})
	s.routes()
	return s
}

// Engine exposes the Gin engine so that the web pages can share it.
func (s *Server) Engine() *gin.Engine { return s.engine }

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }
