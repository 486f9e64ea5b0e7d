package billing_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// deps lists every package pkgs import, directly or not, test code aside.
func deps(t *testing.T, pkgs ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go list -deps %v: %v %s", pkgs, err, msg)
	}
	list := strings.Fields(string(out))
	if !slices.Contains(list, pkgs[0]) {
		t.Fatalf("go list -deps %v does not list the package itself: %q", pkgs, list)
	}
	return list
}

// Ranking is never for sale (DOMAIN.md §1): the catalog and the matching
// engine must not be able to see a fee, an invoice or a payment, so they
// may not import billing or anything of Stripe's, even indirectly.
func TestRankingCannotSeeBilling(t *testing.T) {
	for _, pkg := range []string{"callmatch/matching", "callmatch/catalog"} {
		for _, d := range deps(t, pkg) {
			if d == "callmatch/billing" || strings.HasPrefix(d, "callmatch/billing/") ||
				strings.HasPrefix(d, "github.com/stripe/") {
				t.Errorf("%s imports %s: nothing billing may be an input to ranking", pkg, d)
			}
		}
	}
}

// The domain package stays free of the SDK; only billing/stripe has it.
func TestBillingDomainHasNoSDK(t *testing.T) {
	for _, d := range deps(t, "callmatch/billing") {
		if strings.HasPrefix(d, "github.com/stripe/") || strings.HasPrefix(d, "gorm.io/") ||
			strings.HasPrefix(d, "github.com/gin-gonic/") {
			t.Errorf("callmatch/billing imports %s", d)
		}
	}
}
