// Package metrics is Callmatch's Prometheus instrumentation: the
// instruments the other packages record into (one call each where the
// event happens), and the handler that serves them on the metrics
// listener (CALLMATCH_METRICS_ADDR), which is never the public address.
//
// The instruments are process-wide, as a process has one set of requests,
// mails and Stripe calls; what belongs to an assembled app (its catalog,
// its job queue, the search relay's backlog) is read at scrape time through Sources, so tests that
// build several apps in one process do not share those.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// latencyBuckets cover what the goals are stated in: a match answer in a
// few milliseconds (p99 ≤ 25 ms under load), a page in tens (p95 ≤ 50 ms),
// the slow outliers up to the request timeout (5 s).
var latencyBuckets = []float64{.0005, .001, .0025, .005, .0075, .01, .015, .025, .05, .075, .1, .25, .5, 1, 2.5, 5}

var (
	requestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern (never the raw path: ids and tokens stay out) and status.",
		Buckets: latencyBuckets,
	}, []string{"route", "status"})
	matchDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "callmatch_match_duration_seconds",
		Help:    "Time the matching engine took for one match (API what-ifs and desk pages), without HTTP and encoding.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25},
	})
	mailSent = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "callmatch_mail_sent_total",
		Help: "Messages the mail worker handed to the SMTP relay.",
	})
	mailFailed = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "callmatch_mail_failed_total",
		Help: "Attempts to send a message that failed (each retry counts; a message that cannot be rendered counts once).",
	})
	stripeErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "callmatch_stripe_errors_total",
		Help: "Calls to Stripe that failed (refused or unanswered); the log names each call.",
	})
)

// processCollectors are the instruments above; every metrics handler
// serves them.
var processCollectors = []prometheus.Collector{requestDuration, matchDuration, mailSent, mailFailed, stripeErrors}

// statusLabels spares a strconv per request for the common statuses.
var statusLabels = func() map[int]string {
	m := map[int]string{}
	for _, s := range []int{200, 201, 202, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 502, 503, 504} {
		m[s] = strconv.Itoa(s)
	}
	return m
}()

// ObserveRequest records one answered request. route is the route pattern
// (gin's FullPath), "unmatched" for a path no route has.
func ObserveRequest(route string, status int, d time.Duration) {
	s, ok := statusLabels[status]
	if !ok {
		s = strconv.Itoa(status)
	}
	requestDuration.WithLabelValues(route, s).Observe(d.Seconds())
}

// ObserveMatch records one run of the matching engine.
func ObserveMatch(d time.Duration) { matchDuration.Observe(d.Seconds()) }

// MailSent counts a message handed to the relay; MailFailed a failed
// attempt.
func MailSent()   { mailSent.Inc() }
func MailFailed() { mailFailed.Inc() }

// StripeError counts a failed call to Stripe.
func StripeError() { stripeErrors.Inc() }
