package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// QueueStat is one kind of background job's backlog.
type QueueStat struct {
	Kind  string
	Depth int64 // jobs not finished: waiting, scheduled, retrying or running
	// OldestAge is how long the longest-waiting job due to run has waited
	// (0 when none is due).
	OldestAge time.Duration
}

// CatalogStat is the matching catalog the app serves from.
type CatalogStat struct {
	Loaded  bool
	Version int64
	Vendors int
}

// Sources are what an assembled app reports at scrape time. A nil field is
// left out.
type Sources struct {
	Queue   func(ctx context.Context) ([]QueueStat, error)
	Catalog func() CatalogStat
	// RelayLag is how long the oldest vendor change not yet in the search
	// index has waited (0: caught up).
	RelayLag func(ctx context.Context) (time.Duration, error)
	Logger   *slog.Logger // scrape failures; default: discard
}

// scrapeTimeout bounds the queue query of one scrape; Prometheus's own
// default scrape timeout is 10 s.
const scrapeTimeout = 3 * time.Second

var (
	queueDepthDesc = prometheus.NewDesc("callmatch_jobs_queue_depth",
		"Background jobs not finished (available, scheduled, retryable or running), by kind.", []string{"kind"}, nil)
	queueAgeDesc = prometheus.NewDesc("callmatch_jobs_oldest_age_seconds",
		"How long the oldest job due to run has waited, by kind (0: none waits).", []string{"kind"}, nil)
	catalogVersionDesc = prometheus.NewDesc("callmatch_catalog_version",
		"Version of the in-memory matching catalog (catalog_version.version; every catalog write moves it).", nil, nil)
	catalogVendorsDesc = prometheus.NewDesc("callmatch_catalog_vendors",
		"Vendors in the in-memory matching catalog.", nil, nil)
	relayLagDesc = prometheus.NewDesc("callmatch_search_relay_lag_seconds",
		"How long the oldest vendor change not yet in the search index has waited (0: the index has caught up).", nil, nil)
)

// sourceCollector turns Sources into metrics when scraped.
type sourceCollector struct{ src Sources }

func (c sourceCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{queueDepthDesc, queueAgeDesc, catalogVersionDesc, catalogVendorsDesc, relayLagDesc} {
		ch <- d
	}
}

func (c sourceCollector) Collect(ch chan<- prometheus.Metric) {
	if c.src.Catalog != nil {
		if s := c.src.Catalog(); s.Loaded {
			ch <- prometheus.MustNewConstMetric(catalogVersionDesc, prometheus.GaugeValue, float64(s.Version))
			ch <- prometheus.MustNewConstMetric(catalogVendorsDesc, prometheus.GaugeValue, float64(s.Vendors))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	// A failed read is an invalid metric: its series are left out and the
	// error logged (promhttp.ContinueOnError serves the rest), so a queue
	// that cannot be read is absent, never an empty one.
	if c.src.Queue != nil {
		if stats, err := c.src.Queue(ctx); err != nil {
			ch <- prometheus.NewInvalidMetric(queueDepthDesc, fmt.Errorf("read job queue: %w", err))
		} else {
			for _, s := range stats {
				ch <- prometheus.MustNewConstMetric(queueDepthDesc, prometheus.GaugeValue, float64(s.Depth), s.Kind)
				ch <- prometheus.MustNewConstMetric(queueAgeDesc, prometheus.GaugeValue, s.OldestAge.Seconds(), s.Kind)
			}
		}
	}
	if c.src.RelayLag != nil {
		if lag, err := c.src.RelayLag(ctx); err != nil {
			ch <- prometheus.NewInvalidMetric(relayLagDesc, fmt.Errorf("read search relay lag: %w", err))
		} else {
			ch <- prometheus.MustNewConstMetric(relayLagDesc, prometheus.GaugeValue, lag.Seconds())
		}
	}
}

// Handler serves the metrics at /metrics and Go's profiler at
// /debug/pprof/ (the listener is loopback only: profiles show code, not
// data, but are no one else's business).
func Handler(src Sources) http.Handler {
	log := src.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(processCollectors...)
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		sourceCollector{src})
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}))
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

// Listen opens the metrics listener on addr, which must be a loopback
// address with a port: metrics name routes, queue kinds and timings, and
// the profiler more, so they are served only to this machine (a scraper
// elsewhere reaches them through an agent or a tunnel).
func Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("CALLMATCH_METRICS_ADDR %q is not host:port (e.g. 127.0.0.1:9090): %v", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("CALLMATCH_METRICS_ADDR %q is not a loopback address; use 127.0.0.1:PORT or [::1]:PORT (metrics are served to this machine only)", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("CALLMATCH_METRICS_ADDR: %w", err)
	}
	return l, nil
}

// Serve serves h on l until ctx ends.
func Serve(ctx context.Context, l net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
