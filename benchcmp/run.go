package benchcmp

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"callmatch/demo"
	"callmatch/matching"
	"callmatch/postgres"
)

// Setup says what to compare and where.
type Setup struct {
	Sizes  []int // catalog sizes, each demo.Vendors(n)
	Intake int   // index into demo.Intakes()
	Budget Budget
	// NewDatabase returns the URL of an empty, migrated database.
	NewDatabase func(ctx context.Context) (string, error)
	// MeiliURL and MeiliKey locate Meilisearch; an empty URL skips it.
	MeiliURL, MeiliKey string
	Progress           io.Writer // where loading steps are reported
}

// SizeReport is the comparison at one catalog size.
type SizeReport struct {
	Vendors              int
	LoadPG, LoadMeili    time.Duration
	EnginePage           Timing // a page: the top 25, 200 excluded listed
	EngineAPI, EngineAll Timing // API defaults (every eligible ranked, 200 excluded); full output
	SQL, Meili           Timing
	MeiliProcessing      time.Duration // Meilisearch's own processingTimeMs, median
	Agreement            Agreement
	MeiliTotal           int64 // vendors the Meilisearch filter lets through
	MeiliMissing         int   // eligible vendors the filter wrongly drops
}

// OK reports whether the checks passed: the engine and SQL agree, and the
// Meilisearch filter drops no eligible vendor.
func (r SizeReport) OK() bool { return r.Agreement.OK() && r.MeiliMissing == 0 }

// apiExcludedLimit is what POST /api/v1/match lists by default (api.defaultExcludedLimit).
const apiExcludedLimit = 200

// pageLimit is a page of the shortlist, what the advisor desk shows and
// `callmatch loadtest` asks for.
const pageLimit = 25

// meiliPage is the hits a search page returns; the filter's exact total
// comes with it.
const meiliPage = 25

// Run compares the three at every size, writing a report per size to out.
func Run(ctx context.Context, s Setup, out io.Writer) ([]SizeReport, error) {
	if s.Progress == nil {
		s.Progress = io.Discard
	}
	forms := demo.Intakes()
	if s.Intake < 0 || s.Intake >= len(forms) {
		return nil, fmt.Errorf("intake %d: demo has %d intakes", s.Intake, len(forms))
	}
	form := forms[s.Intake]
	form.ApplyDefaults()
	req := form.MatchRequest()
	full := matching.Options{AsOf: demo.AsOf, Weights: form.Priorities}
	api := full
	api.ExcludedLimit = apiExcludedLimit
	page := api
	page.Limit = pageLimit
	params := NewParams(req, form.Priorities, full)
	fmt.Fprintf(out, "intake: demo.Intakes()[%d] %q; services %v in %v, languages %v, as of %s\n",
		s.Intake, form.Campaign.Name, form.Services, form.TargetStates, params.LanguageCodes, demo.AsOf)
	// Timings on a shared machine mean little without its load.
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Fprintf(out, "machine: %s, %d CPUs, load average %s; engine timed with GOMAXPROCS=1; medians after one warm-up run\n",
		runtime.Version(), runtime.NumCPU(), strings.Join(strings.Fields(string(load))[:min(3, len(strings.Fields(string(load))))], " "))

	var reports []SizeReport
	for _, n := range s.Sizes {
		r, err := runSize(ctx, s, n, req, [3]matching.Options{page, api, full}, params)
		if err != nil {
			return reports, fmt.Errorf("%d vendors: %w", n, err)
		}
		reports = append(reports, r)
		r.print(out)
	}
	return reports, nil
}

func runSize(ctx context.Context, s Setup, n int, req matching.Request, opts [3]matching.Options, params Params) (SizeReport, error) {
	r := SizeReport{Vendors: n}
	url, err := s.NewDatabase(ctx)
	if err != nil {
		return r, err
	}
	db, err := postgres.OpenWith(ctx, url, slog.New(slog.DiscardHandler), postgres.BatchTimeouts) // a batch load, like import
	if err != nil {
		return r, err
	}
	defer db.Close()
	began := time.Now()
	// The generated vendors are dropped once stored: a second copy of the
	// catalog on the heap would slow the collector during the engine's runs.
	cat, vendors, err := LoadCatalog(ctx, db, demo.Vendors(n))
	if err != nil {
		return r, err
	}
	r.LoadPG = time.Since(began)
	fmt.Fprintf(s.Progress, "%d vendors: loaded into PostgreSQL in %s\n", n, r.LoadPG.Round(time.Millisecond))

	var res *matching.Result
	engine := func(opt matching.Options) func() error {
		return func() (err error) { res, err = matching.Match(cat, req, opt); return err }
	}
	// The engine's goal is set for one core: GC and all share it here.
	runtime.GC()
	procs := runtime.GOMAXPROCS(1)
	for i, t := range []*Timing{&r.EnginePage, &r.EngineAPI, &r.EngineAll} {
		if *t, err = measure(s.Budget, true, engine(opts[i])); err != nil {
			break
		}
	}
	runtime.GOMAXPROCS(procs)
	if err != nil {
		return r, err
	}
	var rows []Ranked
	if r.SQL, err = measure(s.Budget, false, func() (err error) { rows, err = SQLMatch(ctx, db.SQL(), params); return err }); err != nil {
		return r, err
	}
	r.Agreement = Compare(res, rows)

	if s.MeiliURL == "" {
		return r, nil
	}
	began = time.Now()
	m, err := IndexVendors(ctx, s.MeiliURL, s.MeiliKey, fmt.Sprintf("benchcmp_%d", n), vendors)
	if err != nil {
		return r, err
	}
	r.LoadMeili = time.Since(began)
	fmt.Fprintf(s.Progress, "%d vendors: indexed in Meilisearch in %s\n", n, r.LoadMeili.Round(time.Millisecond))
	filter := MeiliFilter(params)
	var processing []time.Duration
	r.Meili, err = measure(s.Budget, false, func() error {
		mr, err := m.Search(ctx, filter, meiliPage)
		if err == nil {
			processing = append(processing, time.Duration(mr.ProcessingTimeMs)*time.Millisecond)
			r.MeiliTotal = mr.Total
		}
		return err
	})
	if err != nil {
		return r, err
	}
	r.MeiliProcessing = median(processing)
	// Every eligible vendor must pass the filter, which is the knockouts
	// Meilisearch can express; one page with all of them checks that.
	all, err := m.Search(ctx, filter, int(max(r.MeiliTotal, 1)))
	if err != nil {
		return r, err
	}
	for _, c := range res.Shortlist {
		if !slices.Contains(all.IDs, c.VendorID) {
			r.MeiliMissing++
		}
	}
	return r, nil
}

func (r SizeReport) print(w io.Writer) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }
	ratio := func(a, b time.Duration) string { return fmt.Sprintf("%.1f×", float64(a)/float64(b)) }
	fmt.Fprintf(w, "\n%d vendors (load: PostgreSQL %s, Meilisearch %s)\n", r.Vendors,
		r.LoadPG.Round(time.Second), r.LoadMeili.Round(time.Second))
	fmt.Fprintf(w, "  %-46s %12s %12s %12s %5s  %s\n", "system", "median", "min", "cpu (mean)", "runs", "answer")
	line := func(name string, t Timing, answer string) {
		cpu := ""
		if t.CPU > 0 {
			cpu = ms(t.CPU)
		}
		fmt.Fprintf(w, "  %-46s %12s %12s %12s %5d  %s\n", name, ms(t.Median), ms(t.Min), cpu, t.Runs, answer)
	}
	a := r.Agreement
	line("(a) engine, a page (limit 25, excluded_limit 200)", r.EnginePage, fmt.Sprintf("%d eligible, top 25 explained", a.Eligible))
	line("(a) engine, API defaults (excluded_limit 200)", r.EngineAPI, fmt.Sprintf("%d eligible, ranked", a.Eligible))
	line("(a) engine, full output (every exclusion)", r.EngineAll, fmt.Sprintf("%d eligible, ranked; every exclusion explained", a.Eligible))
	line("(b) PostgreSQL, one SQL query", r.SQL, fmt.Sprintf("%d eligible, ranked", a.SQLEligible))
	if r.Meili.Runs > 0 {
		line("(c) Meilisearch, filter + sort, 25 hits", r.Meili, fmt.Sprintf("%d pass the filter (superset); Meilisearch's own time %d ms",
			r.MeiliTotal, r.MeiliProcessing.Milliseconds()))
	}
	fmt.Fprintf(w, "  ratios: SQL / engine(page) %s, SQL / engine(api) %s, SQL / engine(full) %s",
		ratio(r.SQL.Median, r.EnginePage.Median), ratio(r.SQL.Median, r.EngineAPI.Median), ratio(r.SQL.Median, r.EngineAll.Median))
	if r.Meili.Runs > 0 {
		fmt.Fprintf(w, ", Meilisearch / engine(page) %s", ratio(r.Meili.Median, r.EnginePage.Median))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  check (a) = (b): %s\n", a)
	if r.Meili.Runs > 0 {
		verdict := "every eligible vendor passes the filter"
		if r.MeiliMissing > 0 {
			verdict = fmt.Sprintf("FAILED: %d eligible vendors do not pass the filter", r.MeiliMissing)
		}
		fmt.Fprintf(w, "  check (c) ⊇ (a): %s\n", verdict)
	}
}
