package frontend

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
	"callmatch/quote"
)

// rankStore holds one intake with no shortlists or engagements; nothing
// else of intake.Store is called by the re-ranking.
type rankStore struct {
	intake.Store
	in *intake.Intake
}

func (s rankStore) FindIntakeByID(context.Context, string) (*intake.Intake, error) { return s.in, nil }
func (s rankStore) FindShortlists(context.Context, string) ([]*intake.Shortlist, error) {
	return nil, nil
}
func (s rankStore) FindEngagements(context.Context, string) ([]*intake.Engagement, error) {
	return nil, nil
}

// noQuotes is a quote store with no invitations, for the intake page's
// Quotes section.
type noQuotes struct{ quote.Store }

func (noQuotes) FindInvitations(context.Context, quote.Filter) ([]*quote.Invitation, error) {
	return nil, nil
}

// Weights the advisor cannot have meant are said so, and the page is
// shown once under the usual weights: the engine runs once, not first on
// the bad weights and again.
func TestDeskRankInvalidWeightsRunsOnce(t *testing.T) {
	gin.SetMode(gin.TestMode)
	start, _ := callmatch.ParseDate("2027-09-20")
	in := &intake.Intake{ID: "i1", Status: intake.StatusSubmitted, Form: intake.Form{
		Campaign: intake.Campaign{Name: "Garcia for Congress", SponsorType: "candidate", Affiliation: "democratic"},
		Services: []string{"gotv"}, TargetStates: []string{"TX"}, Records: 1000, AttemptsPerRecord: 1,
		StartDate: start, EndDate: start + 30, Languages: []matching.LanguageShare{{Code: "en", Share: 1}},
	}}
	var matches atomic.Int32
	svc := intake.NewService(rankStore{in: in}, func(context.Context) (*matching.Catalog, error) {
		matches.Add(1)
		return matching.NewCatalog(nil, "test"), nil
	})
	engine := gin.New()
	engine.Use(func(c *gin.Context) {
		ctx := callmatch.WithActor(c.Request.Context(), callmatch.Actor{UserID: "a1", Role: callmatch.RoleAdvisor})
		c.Request = c.Request.WithContext(ctx)
	})
	deps := Deps{Intakes: svc, Vendors: VendorStore(nil), Auth: Authenticator(nil), Cookies: SessionCookies(nil),
		Quotes: quote.NewService(noQuotes{}, svc)}
	tmpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	cats, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	p := &pages{Deps: deps, tmpl: tmpl, i18n: cats}
	p.Now = svc.Now
	engine.POST("/desk/intakes/:id/rank", p.deskRank)

	bad := url.Values{"cost": {"lots"}, "quality": {"50"}, "capacity": {"50"}, "experience": {"0"}, "readiness": {"0"},
		"method": {"saw"}, "limit": {"10"}}
	for _, htmx := range []bool{false, true} {
		matches.Store(0)
		req := httptest.NewRequest(http.MethodPost, "/desk/intakes/i1/rank", strings.NewReader(bad.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if htmx {
			req.Header.Set("HX-Request", "true")
		}
		rec := httptest.NewRecorder()
		engine.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "cost: must be a whole number from 0 to 100") {
			t.Fatalf("htmx %v: %d\n%s", htmx, rec.Code, rec.Body.String())
		}
		want := int32(1) // the whole page ranks under the usual weights
		if htmx {
			want = 0 // the ranking shown stays; nothing to run
		}
		if n := matches.Load(); n != want {
			t.Errorf("htmx %v: the engine ran %d times, want %d", htmx, n, want)
		}
	}
}
