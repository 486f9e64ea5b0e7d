// Package meili keeps the vendor search index on Meilisearch: the index
// settings, the document a vendor becomes, the outbox relay that carries
// PostgreSQL's committed writes over, the atomic rebuild behind
// `callmatch reindex`, and search itself. PostgreSQL is the truth; the index
// is derived from it and can always be rebuilt.
//
// Decisions worth knowing before changing anything here:
//
//   - Every vendor is indexed whatever its status; status is a filter and a
//     facet like the others, so drafts and suspended vendors stay findable
//     by staff, who are the only users of search. A vendor that no longer
//     exists in PostgreSQL is deleted from the index.
//   - A document never depends on the day it was built. Certifications
//     count only while verified and unexpired, so instead of a list of
//     valid kinds (stale the day one expires) a document holds each kind's
//     term of days, and queries compare it with today: a certification
//     expiring tonight stops counting at midnight with no re-index.
//   - The relay reads a vendor's current state after claiming its outbox
//     row, so a burst of edits costs one document. Order between relays is
//     kept by the outbox (one pending row per vendor at a time) and by
//     sending within half the claim lease; see Relay.
//   - A rebuild and the relays agree through a PostgreSQL advisory lock;
//     see Reindex.
package meili

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"callmatch"
)

// DefaultIndex is the index searches read and relays write.
const DefaultIndex = "vendors"

// RetryAfter is how long callers are told to wait while the search engine
// is unreachable: about as long as a restart takes.
const RetryAfter = 5 * time.Second

// Config locates the search engine.
type Config struct {
	URL string
	// MasterKey stays inside this package: it is never logged, returned or
	// put in an error. Browsers talk to our API, never to Meilisearch.
	MasterKey string
	Index     string // default DefaultIndex
	Logger    *slog.Logger
	// Now is the clock that decides which certifications count in a search
	// (verified and unexpired today); tests replace it.
	Now func() time.Time
	// SearchTimeout bounds one search; default 3s, so that a hung engine
	// turns into 503 rather than a hung request.
	SearchTimeout time.Duration
}

// Index is the vendors index on one Meilisearch server. It is safe for
// concurrent use.
type Index struct {
	sm            meilisearch.ServiceManager
	uid           string
	log           *slog.Logger
	now           func() time.Time
	searchTimeout time.Duration
}

// New returns the index described by cfg. It does not contact the server:
// the app must start while the search engine is down (writes still work and
// the relay catches up later). Call Ensure before relaying.
func New(cfg Config) (*Index, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("meili: MEILI_URL must be an http(s) URL, got %q", cfg.URL)
	}
	ix := &Index{uid: cfg.Index, log: cfg.Logger, now: cfg.Now, searchTimeout: cfg.SearchTimeout}
	if ix.uid == "" {
		ix.uid = DefaultIndex
	}
	if ix.log == nil {
		ix.log = slog.New(slog.DiscardHandler)
	}
	if ix.now == nil {
		ix.now = time.Now
	}
	if ix.searchTimeout <= 0 {
		ix.searchTimeout = 3 * time.Second
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 64 // searches and relays share one server
	transport.DialContext = dialer(&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second})
	ix.sm = meilisearch.New(u.String(),
		meilisearch.WithAPIKey(cfg.MasterKey),
		meilisearch.WithCustomClient(&http.Client{Transport: transport}),
		// Retrying is the caller's business: a search answers 503 at once,
		// the relay backs off through the outbox.
		meilisearch.DisableRetries(),
	)
	return ix, nil
}

// UID is the name of the index searches read.
func (ix *Index) UID() string { return ix.uid }

// Close releases idle connections.
func (ix *Index) Close() { ix.sm.Close() }

// Check reports whether the search engine answers, for /readyz. Wire it as
// a non-critical check: without search the app still serves everything else.
func (ix *Index) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	h, err := ix.sm.Health(ctx)
	if err != nil {
		return unavailable("health", err)
	}
	if h.Status != "available" {
		return unavailable("health", fmt.Errorf("status %q", h.Status))
	}
	return nil
}

// today is the day certifications are judged on when a query names none.
func (ix *Index) today() callmatch.Date { return callmatch.DateOf(ix.now()) }

// errUnavailable marks failures that mean "the engine is not there right
// now" (refused, timed out, 5xx, index not created yet) as opposed to a
// request the engine rejected, which is our bug.
var errUnavailable = &callmatch.Error{
	Code:       callmatch.EUNAVAILABLE,
	Message:    "Search is unavailable for a moment; please try again shortly.",
	RetryAfter: RetryAfter,
}

// unavailable wraps err so that callers see EUNAVAILABLE with Retry-After
// while logs keep the cause.
func unavailable(op string, err error) error {
	return fmt.Errorf("%w (meilisearch %s: %w)", errUnavailable, op, err)
}

// classify turns an SDK error into either an unavailable error or an
// internal one.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	if isUnavailable(err) {
		return unavailable(op, err)
	}
	return fmt.Errorf("meilisearch %s: %w", op, err)
}

func isUnavailable(err error) bool {
	if errors.Is(err, errUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	me, ok := asMeiliError(err)
	if !ok {
		return false
	}
	switch me.ErrCode {
	case meilisearch.CommunicationError, meilisearch.TimeoutError, meilisearch.MaxRetriesExceeded:
		return true
	}
	return me.StatusCode >= 500 || me.HasCode(meilisearch.APIErrCodeIndexNotFound)
}

func asMeiliError(err error) (*meilisearch.Error, bool) {
	var me *meilisearch.Error
	ok := errors.As(err, &me)
	return me, ok
}
