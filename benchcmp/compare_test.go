package benchcmp

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"

	"callmatch/devstack"
	"callmatch/devstack/pgtest"
)

var (
	sizesFlag  = flag.String("benchcmp.sizes", "", "catalog sizes to compare, e.g. 10000,100000 (empty: skip)")
	intakeFlag = flag.Int("benchcmp.intake", 0, "index into demo.Intakes()")
)

// TestComparison is `make bench`'s side-by-side comparison: the engine,
// one SQL query in PostgreSQL and a Meilisearch filter on the same demo
// catalogs. It fails when the engine and the SQL disagree on the eligible
// vendors or their scores, or when the filter drops an eligible vendor.
func TestComparison(t *testing.T) {
	if *sizesFlag == "" {
		t.Skip("comparison runs under make bench (-benchcmp.sizes=10000,100000)")
	}
	var sizes []int
	for _, f := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			t.Fatalf("-benchcmp.sizes: %q is not a catalog size", f)
		}
		sizes = append(sizes, n)
	}
	ctx := t.Context()
	st, err := devstack.Start(ctx, devstack.Options{Meili: true,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	reports, err := Run(ctx, Setup{
		Sizes: sizes, Intake: *intakeFlag, Budget: DefaultBudget,
		NewDatabase: func(context.Context) (string, error) { return pgtest.NewDB(t), nil },
		MeiliURL:    st.Meili.URL(), MeiliKey: st.Meili.MasterKey(),
		Progress: os.Stderr,
	}, os.Stdout)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if !r.OK() {
			t.Errorf("%d vendors: the checks failed (see above)", r.Vendors)
		}
	}
}
