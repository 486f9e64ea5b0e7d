package frontend_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"callmatch/intake"
	"callmatch/matching"
)

// sharesShown reads the weights' shares of the score off the intake page,
// in slider order.
func sharesShown(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, name := range []string{"cost", "quality", "capacity", "experience", "readiness"} {
		m := regexp.MustCompile(`id="share-` + name + `" data-share>([^<]*)<`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no share shown for %s", name)
		}
		out = append(out, m[1])
	}
	return out
}

// slidersAt reads the sliders' positions off the intake page.
func slidersAt(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, name := range []string{"cost", "quality", "capacity", "experience", "readiness"} {
		m := regexp.MustCompile(`id="w-` + name + `" name="` + name + `" min="0" max="100" step="1" value="(\d+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no slider for %s", name)
		}
		out = append(out, m[1])
	}
	return out
}

// Without JavaScript the sliders' numbers are the server's: each weight's
// share of the score, adding up to 100 (30/50/20/15/10 is 24/40/16/12/8,
// not a sum of 125), and "Reset to the campaign's priorities" re-ranks
// under the campaign's own weights, as shares.
func TestDeskWeightsShowSharesAndReset(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	form, err := intake.ParseValues(submitForm())
	if err != nil {
		t.Fatal(err)
	}
	form.Priorities = &matching.Weights{Cost: 1, Quality: 3, Capacity: 1, Experience: 0, Readiness: 1}
	in, _, err := f.intakes.Submit(f.ctx, form, "")
	if err != nil {
		t.Fatal(err)
	}
	rank := url.Values{"cost": {"30"}, "quality": {"50"}, "capacity": {"20"}, "experience": {"15"}, "readiness": {"10"},
		"method": {"topsis"}, "limit": {"5"}}
	rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+in.ID+"/rank", rank)
	if rec.Code != http.StatusOK {
		t.Fatalf("rank: %d\n%s", rec.Code, rec.Body.String())
	}
	if got := strings.Join(sharesShown(t, rec.Body.String()), " "); got != "24% 40% 16% 12% 8%" {
		t.Errorf("shares %q, want 24%% 40%% 16%% 12%% 8%%", got)
	}

	rank.Set("reset", "campaign")
	rec = f.do("advisor", http.MethodPost, "/desk/intakes/"+in.ID+"/rank", rank)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("reset: %d\n%s", rec.Code, body)
	}
	// 1:3:1:0:1 is 16.7/50/16.7/0/16.7, rounded to add up to 100.
	if got := strings.Join(slidersAt(t, body), " "); got != "17 50 17 0 16" {
		t.Errorf("sliders after reset %q, want 17 50 17 0 16", got)
	}
	if got := strings.Join(sharesShown(t, body), " "); got != "17% 50% 17% 0% 16%" {
		t.Errorf("shares after reset %q", got)
	}
	if !strings.Contains(body, `value="topsis" selected`) || !strings.Contains(body, `<option value="5" selected>`) {
		t.Errorf("the reset forgot the method or list length")
	}
	if !strings.Contains(body, `data-cost="17" data-quality="50" data-capacity="17" data-experience="0" data-readiness="16">Reset to the campaign’s priorities</button>`) {
		t.Errorf("the reset button does not carry the campaign's weights:\n%s", between(body, `id="reset-weights"`, "</button>"))
	}

	// A campaign that gave no priorities is reset to the standard weights,
	// and the button says so.
	id, _ := f.newIntake()
	body = f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	if got := strings.Join(sharesShown(t, body), " "); got != "30% 25% 20% 15% 10%" {
		t.Errorf("standard shares %q", got)
	}
	if !strings.Contains(body, "The campaign gave no priorities: the reset goes to the standard weights.") {
		t.Errorf("the reset button does not say the campaign gave no priorities")
	}
}
