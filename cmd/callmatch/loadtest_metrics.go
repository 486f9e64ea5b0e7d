package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// metricFamilies are the families ISSUE18 §2 asks the metrics listener for;
// the load test checks each is served while it runs.
var metricFamilies = []string{
	"http_request_duration_seconds", "callmatch_match_duration_seconds",
	"callmatch_jobs_queue_depth", "callmatch_jobs_oldest_age_seconds",
	"callmatch_mail_sent_total", "callmatch_mail_failed_total", "callmatch_stripe_errors_total",
	"callmatch_search_relay_lag_seconds", "callmatch_catalog_version", "callmatch_catalog_vendors",
}

// scrape is one reading of the metrics listener.
type scrape map[string]*dto.MetricFamily

func readMetrics(ctx context.Context, c *http.Client, base string) (scrape, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s/metrics: %s", base, resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(io.LimitReader(resp.Body, 16<<20))
	return scrape(fams), err
}

// metricsFromServices reads the metrics listener's address from the
// services.json `callmatch dev` wrote in dir ("" when it names none).
func metricsFromServices(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, servicesFile))
	if err != nil {
		return ""
	}
	var s devServices
	if json.Unmarshal(b, &s) != nil {
		return ""
	}
	return s.Metrics
}

// missing lists the families of metricFamilies the scrape lacks.
func (s scrape) missing() []string {
	var out []string
	for _, f := range metricFamilies {
		if _, ok := s[f]; !ok {
			out = append(out, f)
		}
	}
	return out
}

// hist is a histogram's cumulative bucket counts by upper bound, with its
// count and sum.
type hist struct {
	count, sum float64
	bounds     []float64
	cum        []float64
}

// histogram sums the series of family whose labels all match want (the
// route's every status, say).
func (s scrape) histogram(family string, want map[string]string) hist {
	var h hist
	f := s[family]
	if f == nil {
		return h
	}
	for _, m := range f.GetMetric() {
		if !labelsMatch(m.GetLabel(), want) || m.GetHistogram() == nil {
			continue
		}
		mh := m.GetHistogram()
		h.count += float64(mh.GetSampleCount())
		h.sum += mh.GetSampleSum()
		for i, b := range mh.GetBucket() {
			if len(h.bounds) <= i {
				h.bounds = append(h.bounds, b.GetUpperBound())
				h.cum = append(h.cum, 0)
			}
			h.cum[i] += float64(b.GetCumulativeCount())
		}
	}
	return h
}

func labelsMatch(ls []*dto.LabelPair, want map[string]string) bool {
	for k, v := range want {
		if !slices.ContainsFunc(ls, func(l *dto.LabelPair) bool { return l.GetName() == k && l.GetValue() == v }) {
			return false
		}
	}
	return true
}

// sub is what was observed between two readings.
func (h hist) sub(before hist) hist {
	d := hist{count: h.count - before.count, sum: h.sum - before.sum, bounds: h.bounds, cum: slices.Clone(h.cum)}
	for i := range d.cum {
		if i < len(before.cum) {
			d.cum[i] -= before.cum[i]
		}
	}
	return d
}

// within is the smallest bucket bound that at least share q of the
// observations fall within: the quantile q is at most that. +Inf when the
// buckets do not reach it.
func (h hist) within(q float64) float64 {
	for i, c := range h.cum {
		if h.count > 0 && c >= q*h.count {
			return h.bounds[i]
		}
	}
	return math.Inf(1)
}

// share is the share of observations at or below bound (a bucket bound).
func (h hist) share(bound float64) float64 {
	i := slices.Index(h.bounds, bound)
	if i < 0 || h.count == 0 {
		return 0
	}
	return h.cum[i] / h.count
}

func seconds(f float64) string {
	if math.IsInf(f, 1) {
		return "more than 5s"
	}
	return msec(time.Duration(f * float64(time.Second)))
}

// serverTimes is what the metrics listener saw of one endpoint's load.
type serverTimes struct {
	route  hist // http_request_duration_seconds of the endpoint's route
	engine hist // callmatch_match_duration_seconds
}

func (st serverTimes) String() string {
	if st.route.count == 0 {
		return "no requests of this route seen"
	}
	s := fmt.Sprintf("%.0f requests, p50 ≤ %s, p95 ≤ %s, p99 ≤ %s (bucket bounds), mean %s",
		st.route.count, seconds(st.route.within(.5)), seconds(st.route.within(.95)), seconds(st.route.within(.99)),
		seconds(st.route.sum/st.route.count))
	if st.engine.count > 0 {
		s += fmt.Sprintf("; matching engine mean %s over %.0f matches", seconds(st.engine.sum/st.engine.count), st.engine.count)
	}
	return s
}

// metricsWatch reads the metrics listener around each endpoint's load.
type metricsWatch struct {
	client *http.Client
	base   string
	last   scrape
	err    error
}

func (w *metricsWatch) read(ctx context.Context) scrape {
	if w == nil {
		return nil
	}
	s, err := readMetrics(ctx, w.client, w.base)
	if err != nil {
		w.err = err
		return nil
	}
	w.last = s
	return s
}

// between is what the listener saw of route between two readings.
func between(before, after scrape, route string) *serverTimes {
	if before == nil || after == nil {
		return nil
	}
	want := map[string]string{"route": route}
	st := serverTimes{
		route: after.histogram("http_request_duration_seconds", want).sub(before.histogram("http_request_duration_seconds", want)),
	}
	if route == "/api/v1/match" {
		st.engine = after.histogram("callmatch_match_duration_seconds", nil).sub(before.histogram("callmatch_match_duration_seconds", nil))
	}
	return &st
}

// printMetricsCheck says whether the listener served every family.
func printMetricsCheck(w io.Writer, mw *metricsWatch) {
	switch {
	case mw == nil:
		fmt.Fprintln(w, "metrics listener: not read (give --metrics http://127.0.0.1:PORT, the `metrics` of services.json)")
	case mw.last == nil:
		fmt.Fprintf(w, "metrics listener %s: not readable: %v\n", mw.base, mw.err)
	case len(mw.last.missing()) > 0:
		fmt.Fprintf(w, "metrics listener %s: missing %s\n", mw.base, strings.Join(mw.last.missing(), ", "))
	default:
		fmt.Fprintf(w, "metrics listener %s: served all %d families of ISSUE18 §2 during the run\n", mw.base, len(metricFamilies))
	}
}
